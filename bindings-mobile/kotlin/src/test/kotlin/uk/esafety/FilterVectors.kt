package uk.esafety

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Test
import java.io.File
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
        UrlFilter.fromSpec(input.get("filter").toString())
    } else {
        UrlFilter.default()
    }
    val ops = input.optJSONArray("registry")
    val reg = ops?.let { Registry() }
    try { filter.use { f ->
        if (ops != null && reg != null) {
            for (i in 0 until ops.length()) {
                val op = ops.getJSONObject(i)
                when (op.getString("op")) {
                    "assign" -> reg.assign(op.getString("person"), op.getString("role"), op.getString("since"), op.optText("deputy_for"), op.optText("audience"))
                    else -> reg.unassign(op.getString("person"), op.getString("role"), op.getString("until"))
                }
            }
        }
        input.optJSONObject("set_policy")?.let { f.setPolicy(it.toString()) }
        val changes = input.optJSONArray("policy_changes") ?: JSONArray()
        for (i in 0 until changes.length()) f.changePolicy(changes.getJSONObject(i).toString(), reg ?: error("policy_changes need a registry"))
        val events = input.optJSONArray("overrides") ?: JSONArray()
        for (i in 0 until events.length()) {
            val event = events.getJSONObject(i).toString()
            if (reg != null) f.recordWithRegistry(event, reg) else f.record(event)
        }
        when {
            input.has("check") -> {
                val c = input.getJSONObject("check")
                val scanner = if (c.optBoolean("scan")) TermScanner.default() else null
                parseData(decisionJson(f.check(c.getString("url"), c.optText("audience"), c.optText("at"), scanner)))
            }
            input.has("check_many") -> {
                val c = input.getJSONObject("check_many")
                val urls = c.getJSONArray("urls").let { a -> (0 until a.length()).map { if (a.isNull(it)) null else a.getString(it) } }
                mapOf("decisions" to f.checkMany(urls, c.optText("audience"), c.optText("at")).map {
                    when (it) {
                        is CheckResult.Checked -> parseData(decisionJson(it.decision))
                        is CheckResult.Failed -> mapOf("item_error" to mapOf(
                            "index" to it.error.index.toLong(), "input" to it.error.input,
                            "code" to it.error.code, "message" to it.error.message,
                        ))
                    }
                })
            }
            input.has("squid_log") -> {
                val log = input.getJSONObject("squid_log")
                val audiences = log.optJSONObject("audiences")?.toString()
                parseData(f.classifySquidLog(log.getString("text"), audiences))
            }
            input.has("classify_content") -> {
                val page = input.getJSONObject("classify_content")
                parseData(decisionJson(f.classifyContent(
                    page.getString("url"), page.optString("title"), page.optString("text"), page.optText("audience"),
                )))
            }
            input.has("load_report") -> parseData(f.loadReportJson())
            input.has("change_log") -> parseData(f.changeLogJson())
            else -> error("filter vector without an action")
        }
    } } finally { reg?.close() }
}

class FilterTest {
    @Test
    fun approvalsComeFromTheRegistry() {
        Registry().use { reg ->
            reg.assign("head", "headteacher", "2025-09-01")
            reg.assign("tech", "it_provider", "2025-09-01")
            reg.assign("t1", "all_staff", "2025-09-01")
            UrlFilter.default().use { f ->
                f.recordWithRegistry("""{"type": "request", "id": "u1", "action": "unblock", "target": "roblox.com",
                    "audiences": ["ks1"], "requested_by": "t1", "at": "2025-10-01T09:00:00Z", "reason": "coding club"}""", reg)
                val asHead = assertFailsWith<EsafetyException.Filter> {
                    f.recordWithRegistry("""{"type": "approve", "id": "u1", "approved_by": "tech", "approver_role": "headteacher", "at": "2025-10-01T10:00:00Z"}""", reg)
                }
                assertEquals("filter_approver_not_authorised", asHead.code)
                val own = assertFailsWith<EsafetyException.Filter> {
                    f.record("""{"type": "approve", "id": "u1", "approved_by": "t1", "approver_role": "slt", "at": "2025-10-01T10:00:00Z"}""")
                }
                assertEquals("filter_self_approval", own.code)
                val state = JSONObject(f.recordWithRegistry("""{"type": "approve", "id": "u1", "approved_by": "head", "at": "2025-10-01T10:00:00Z"}""", reg))
                assertEquals("headteacher", state.getString("decider_role"))
                assertEquals("registry", state.getString("authorisation"))
                f.changePolicy("""{"id": "p1", "requested_by": "tech", "approved_by": "head", "at": "2025-10-02T10:00:00Z",
                    "reason": "parents", "policy": {"audiences": {"ks2": {"block_list": ["news.test"]}}}}""", reg)
                assertEquals(Verdict.BLOCK, f.check("news.test", "ks2", null).verdict)
                f.setPolicy("{}")
                val events = JSONObject(f.changeLogJson()).getJSONArray("events")
                assertEquals("unverified", events.getJSONObject(3).getString("authorisation"))
            }
        }
    }

    @Test
    fun issueNamesWork() {
        UrlFilter.default().use { f ->
            val d = f.check("HTTPS://WWW.BET365.COM./", "ks2", null)
            assertEquals(Verdict.BLOCK, d.verdict)
            assertEquals(listOf("gambling"), d.categories)
            assertEquals("esafety/gambling.domains:2", d.rule)
            assertTrue(d.reason.contains("gambling"))
            assertEquals("bet365.com", d.matches.single().matched)
            val s = f.check("https://www.google.com/search?q=red+kites", "ks2", null)
            assertEquals(Verdict.SAFE_SEARCH, s.verdict)
            assertEquals("red kites", s.searchTerms)
            assertEquals("https://www.google.com/search?q=red+kites&safe=active", s.rewrite)
            assertEquals("forcesafesearch.google.com", s.safeSearch?.enforcedHost)
            assertEquals(null, s.safeSearch?.header)
            val y = f.check("https://www.youtube.com/watch?v=abc", "ks2", null)
            assertEquals("YouTube-Restrict: Strict", y.safeSearch?.header)
            val many = f.checkMany(listOf("pornhub.com", "https://www.bbc.co.uk/"), "ks2", null)
            assertEquals(listOf(Verdict.BLOCK, Verdict.ALLOW), many.map { (it as CheckResult.Checked).decision.verdict })
            val (ok, bad) = f.checkMany(listOf("ok.example", ""), "ks2", null)
            assertEquals(Verdict.ALLOW, (ok as CheckResult.Checked).decision.verdict)
            val error = (bad as CheckResult.Failed).error
            assertEquals(Triple(1UL, "", "url_empty"), Triple(error.index, error.input, error.code))
            val (_, missing) = f.checkMany(listOf("ok.example", null), "ks2", null)
            assertEquals("input_null", (missing as CheckResult.Failed).error.code)
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
            assertEquals("invalid_instant", time.code)
            assertEquals(Verdict.ALLOW, f.check("example.com", "ks2", null).verdict)
        }
    }

    @Test
    fun categoriesSourcesContentAndSearchScanning() {
        UrlFilter.default().use { f ->
            assertEquals(filterCategoryIds(), f.categoryIds())
            assertTrue(listOf("pornography", "gambling", "drugs").all { it in f.categoryIds() })
            val searched = f.check("https://www.google.com/search?q=how+to+kill+myself", "ks3", null, TermScanner.default())
            assertEquals(listOf("suicide"), searched.searchMatches.map { it.category })
            assertEquals(emptyList(), f.check("https://www.google.com/search?q=how+to+kill+myself", "ks3").searchMatches)
            // Offsets are UTF-16 indices of the search terms, as a scan's are.
            val emoji = f.check("https://www.google.com/search?q=%F0%9F%94%AA+knife+kill+myself", "ks3", null, TermScanner.default())
            val terms = emoji.searchTerms!!
            assertTrue(emoji.searchMatches.isNotEmpty())
            assertEquals(emoji.searchMatches.map { it.matchedText }, emoji.searchMatches.map { terms.substring(it.start.toInt(), it.end.toInt()) })
            val page = f.classifyContent("https://unlisted.example/", "Online casino", "Best online casino bonus: roulette and slots.", "ks2")
            assertEquals(Verdict.BLOCK, page.verdict)
            assertTrue(page.predicted)
            val audience = assertFailsWith<EsafetyException.Filter> { f.classifyContent("https://a.example/", "", "", "year9") }
            assertEquals("filter_unknown_audience", audience.code)
        }
    }

    @Test
    fun listsFromSourcesCiteFileAndLine() {
        val dir = kotlin.io.path.createTempDirectory("esafety-sources").toFile()
        try {
            File(dir, "adult.hosts").writeText("# list\n0.0.0.0 adult.test\n")
            File(dir, "bets.txt").writeText("||bet.test^\n")
            val f = UrlFilter.fromSources(listOf(
                FileSource(File(dir, "adult.hosts").path, category = "pornography"),
                FileSource(File(dir, "bets.txt").path, "adblock", "gambling"),
            ), model = false)
            val bet = f.check("https://www.bet.test/", "ks2")
            assertEquals(Verdict.BLOCK, bet.verdict)
            assertTrue(bet.rule.endsWith("bets.txt:1"))
            assertTrue(f.check("http://adult.test/", "ks2").rule.endsWith("adult.hosts:2"))
            val noCategory = assertFailsWith<EsafetyException.Filter> { UrlFilter.fromSources(listOf(FileSource(File(dir, "bets.txt").path))) }
            assertEquals("filter_invalid_spec", noCategory.code)
            val unknown = assertFailsWith<EsafetyException.Filter> { UrlFilter.fromSources(listOf(FileSource(File(dir, "bets.txt").path, "auto", "gamblng"))) }
            assertEquals("filter_unknown_category", unknown.code)
            val missing = assertFailsWith<EsafetyException.Io> { UrlFilter.fromSources(listOf(FileSource(File(dir, "none.txt").path, category = "gambling"))) }
            assertEquals("file_unreadable", missing.code)
        } finally {
            dir.deleteRecursively()
        }
    }
}
