package uk.esafety

import org.json.JSONArray
import org.json.JSONObject

private fun JSONArray.strings(): List<String> = (0 until length()).map { getString(it) }

/** Code-point index of a UTF-16 index of `text` (vector offsets are code points). */
private fun codePoints(text: String, utf16: Int): Int = text.codePointCount(0, utf16)

/** Replays a scanner vector through the Kotlin API. */
val scannerHandler: (JSONObject) -> Any? = handler@{ input ->
    input.optJSONObject("hash_name")?.let { h ->
        return@handler mapOf("hash" to rosterHashName(h.getString("salt"), h.getString("name")))
    }
    input.optJSONObject("search_terms")?.let { s ->
        return@handler mapOf("terms" to searchTerms(s.getString("url")))
    }
    val spec = input.getJSONObject("scanner")
    var scanner = when {
        spec.optBoolean("default") -> TermScanner.default()
        spec.has("tsv") -> TermScanner.fromTsv(spec.getString("tsv"))
        else -> {
            val entries = spec.getJSONArray("entries")
            TermScanner.fromEntries(
                (0 until entries.length()).map { i ->
                    val e = entries.getJSONArray(i)
                    TermInput(e.getString(0), e.getString(1), e.getLong(2))
                },
                spec.optJSONArray("allow")?.strings() ?: listOf(),
            )
        }
    }
    input.optJSONObject("roster")?.let { r ->
        val roster = if (r.has("salt")) Roster.fromHashes(r.getString("salt"), r.getJSONArray("hashes").strings())
        else Roster.fromNames(r.getJSONArray("names").strings())
        scanner = scanner.withRoster(roster)
    }
    val text = input.getString("text")
    val audience = input.getString("audience")
    val report = scanner.scanReport(text, audience)
    val matches = scanner.scan(text, audience).map { m ->
        val (start, end) = m.start.toInt() to m.end.toInt()
        check(text.substring(start, end) == m.matchedText) { "span $start..$end is not ${m.matchedText}" }
        mapOf(
            "term" to m.term, "category" to m.category, "severity" to m.severity.toInt(),
            "start" to codePoints(text, start), "end" to codePoints(text, end), "matched_text" to m.matchedText,
        )
    }
    mapOf(
        "matches" to matches,
        "summary" to mapOf(
            "highest_severity" to report.summary.highestSeverity?.toInt(),
            "categories" to report.summary.categories,
            "match_count" to report.summary.matchCount.toInt(),
        ),
    )
}
