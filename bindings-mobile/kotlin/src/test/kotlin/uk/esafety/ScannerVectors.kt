package uk.esafety

import org.json.JSONArray
import org.json.JSONObject

private fun JSONArray.strings(): List<String> = (0 until length()).map { getString(it) }

/** Code-point index of a UTF-16 index of `text` (vector offsets are code points). */
private fun codePoints(text: String, utf16: Int): Int = text.codePointCount(0, utf16)

/** The `entries` of a scanner spec: `[term, category, severity]` triples. */
private fun entries(spec: JSONObject): List<TermInput> {
    val entries = spec.getJSONArray("entries")
    return (0 until entries.length()).map { i ->
        val e = entries.getJSONArray(i)
        TermInput(e.getString(0), e.getString(1), e.getLong(2))
    }
}

/** A match as plain data, offsets in code points (vector offsets are code points). */
fun Match.toData(text: String): Map<String, Any?> {
    val (s, e) = start.toInt() to end.toInt()
    check(text.substring(s, e) == matchedText) { "span $s..$e is not $matchedText" }
    return mapOf(
        "term" to term, "category" to category, "severity" to severity.toInt(), "list_severity" to listSeverity.toInt(),
        "start" to codePoints(text, s), "end" to codePoints(text, e), "matched_text" to matchedText,
        "source" to source, "pattern" to pattern, "slots" to slots, "context" to context.map { it.wire },
        "confidence" to confidence, "possible_name" to possibleName,
    )
}

/**
 * The default scanner, built once: most vectors scan with it, and the test library (a debug
 * build) takes most of a second to compile its lists. A scanner is immutable, so sharing is safe.
 */
private val defaultScanner: TermScanner by lazy { TermScanner.default() }

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
        spec.optBoolean("default") -> defaultScanner.let { base ->
            spec.optJSONObject("extend")?.let { base.extended(entries(it), it.optJSONArray("allow")?.strings() ?: listOf()) } ?: base
        }
        spec.has("tsv") -> TermScanner.fromTsv(spec.getString("tsv"), "vector.tsv")
        else -> TermScanner.fromEntries(entries(spec), spec.optJSONArray("allow")?.strings() ?: listOf())
    }
    input.optJSONObject("roster")?.let { r ->
        val roster = if (r.has("salt")) Roster.fromHashes(r.getString("salt"), r.getJSONArray("hashes").strings())
        else Roster.fromNames(r.getJSONArray("names").strings())
        scanner = scanner.withRoster(roster)
    }
    val text = input.getString("text")
    val audience = input.getString("audience")
    val report = scanner.scanReport(text, audience)
    val matches = scanner.scan(text, audience).map { it.toData(text) }
    mapOf(
        "matches" to matches,
        "summary" to mapOf(
            "highest_severity" to report.summary.highestSeverity?.toInt(),
            "categories" to report.summary.categories,
            "match_count" to report.summary.matchCount.toInt(),
        ),
    )
}
