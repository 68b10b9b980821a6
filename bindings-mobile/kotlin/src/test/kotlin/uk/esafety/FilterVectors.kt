package uk.esafety

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** Plain Kotlin data (Map/List/String/Number/Boolean/null) from a JSON document. */
fun jsonToData(value: Any?): Any? = when (value) {
    is JSONObject -> value.keySet().associateWith { jsonToData(value.get(it)) }
    is JSONArray -> (0 until value.length()).map { jsonToData(value.get(it)) }
    JSONObject.NULL -> null
    else -> value
}

fun parseData(json: String): Any? = jsonToData(JSONObject(json))

private fun JSONObject.optText(key: String): String? = if (has(key) && !isNull(key)) getString(key) else null

/** Replays a filter vector through the Kotlin API. */
val filterHandler: (JSONObject) -> Any? = { input ->
    val filter = if (input.has("filter") && !input.isNull("filter")) {
        UrlFilter.fromSpec(input.getJSONObject("filter").toString())
    } else {
        UrlFilter.default()
    }
    filter.use { f ->
        val events = input.optJSONArray("overrides") ?: JSONArray()
        for (i in 0 until events.length()) f.record(events.getJSONObject(i).toString())
        when {
            input.has("check") -> {
                val c = input.getJSONObject("check")
                parseData(f.check(c.getString("url"), c.optString("audience", "ks2"), c.optText("at")).json)
            }
            input.has("check_many") -> {
                val c = input.getJSONObject("check_many")
                val urls = c.getJSONArray("urls").let { a -> (0 until a.length()).map { a.getString(it) } }
                mapOf("decisions" to f.checkMany(urls, c.optString("audience", "ks2"), c.optText("at")).map { parseData(it.json) })
            }
            input.has("squid_log") -> {
                val log = input.getJSONObject("squid_log")
                val audiences = log.optJSONObject("audiences")?.toString()
                parseData(f.classifySquidLog(log.getString("text"), audiences))
            }
            input.has("load_report") -> parseData(f.loadReportJson())
            input.has("change_log") -> parseData(f.changeLogJson())
            else -> error("filter vector without an action")
        }
    }
}

class FilterTest {
    @Test
    fun issueNamesWork() {
        UrlFilter.default().use { f ->
            val d = f.check("HTTPS://WWW.BET365.COM./", "ks2", null)
            assertEquals("block", d.verdict)
            assertEquals(listOf("gambling"), d.categories)
            assertEquals("esafety/gambling.domains:2", d.rule)
            assertTrue(d.reason.contains("gambling"))
            assertEquals("bet365.com", d.matches.single().matched)
            val s = f.check("https://www.google.com/search?q=red+kites", "ks2", null)
            assertEquals("safe_search", s.verdict)
            assertEquals("red kites", s.searchTerms)
            assertEquals("https://www.google.com/search?q=red+kites&safe=active", s.rewrite)
            assertEquals("forcesafesearch.google.com", s.safeSearch?.enforcedHost)
            val many = f.checkMany(listOf("pornhub.com", "https://www.bbc.co.uk/"), "ks2", null)
            assertEquals(listOf("block", "allow"), many.map { it.verdict })
        }
    }

    @Test
    fun errorsAreTyped() {
        UrlFilter.default().use { f ->
            val bad = assertFailsWith<EsafetyException.Url> { f.check("http://exa mple.com/", "ks2", null) }
            assertEquals("url_invalid_host", bad.code)
            val audience = assertFailsWith<EsafetyException.Filter> { f.check("example.com", "year9", null) }
            assertEquals("filter_unknown_audience", audience.code)
            val time = assertFailsWith<EsafetyException.Argument> { f.check("example.com", "staff", "monday") }
            assertEquals("invalid_datetime", time.code)
            assertEquals("allow", f.check("example.com", "ks2", null).verdict)
        }
    }
}
