package uk.esafety

import org.json.JSONArray
import org.json.JSONObject
import java.io.File

/** Loads the JSON files of tests/vectors/<concept>/ and tests/vectors/bad_input/, and applies the subset rule of tests/src/lib.rs. */
object Vectors {
    data class Case(val file: String, val concept: String, val name: String, val input: JSONObject, val expect: JSONObject)

    private val root = File(System.getProperty("esafety.vectors") ?: "../../tests/vectors")

    /** The folder of the bad-input corpus: files of any concept, each naming its concept. */
    const val BAD_INPUT = "bad_input"

    /** The concept folders (the bad-input corpus is not one: its files join their concept). */
    fun concepts(): List<String> = root.listFiles()!!.filter { it.isDirectory && it.name != BAD_INPUT }.map { it.name }.sorted()

    /** The concepts the bad-input corpus names. */
    fun badInputConcepts(): List<String> = documents(File(root, BAD_INPUT)).map { it.second.getString("concept") }.distinct()

    private fun documents(dir: File): List<Pair<File, JSONObject>> =
        (dir.listFiles { f -> f.name.endsWith(".json") } ?: arrayOf()).sortedBy { it.name }.map { it to JSONObject(it.readText()) }

    /** A concept's cases: its own folder (every file must name it), then its files of the bad-input corpus. */
    fun cases(concept: String): List<Case> {
        val own = documents(File(root, concept))
        require(own.isNotEmpty()) { "no vectors for $concept" }
        own.forEach { (file, doc) -> require(doc.getString("concept") == concept) { "${file.name}: concept is not $concept" } }
        val bad = documents(File(root, BAD_INPUT)).filter { it.second.getString("concept") == concept }
        return (own + bad).flatMap { (file, doc) ->
            require(doc.getInt("schemaVersion") == 1) { file.name }
            // A file limited to other surfaces uses an operation Kotlin does not bind yet.
            val surfaces = doc.optJSONArray("surfaces")?.let { a -> (0 until a.length()).map { a.getString(it) } }
            if (surfaces != null && surfaces.isNotEmpty() && "kotlin" !in surfaces) return@flatMap emptyList()
            val cases = doc.getJSONArray("cases")
            (0 until cases.length()).map { i ->
                val c = cases.getJSONObject(i)
                Case("${file.parentFile.name}/${file.name}", concept, c.getString("name"), c.getJSONObject("input"), c.getJSONObject("expect"))
            }
        }
    }

    /** Every key of an expected object must be present and equal; arrays match element-wise. */
    fun matches(expected: Any?, actual: Any?): Boolean = when (expected) {
        is JSONObject -> actual is Map<*, *> && expected.keySet().all { k -> actual.containsKey(k) && matches(expected.get(k), actual[k]) }
        is JSONArray -> actual is List<*> && actual.size == expected.length() && (0 until expected.length()).all { matches(expected.get(it), actual[it]) }
        JSONObject.NULL, null -> actual == null
        is Number -> actual is Number && expected.toDouble() == actual.toDouble()
        else -> expected == actual
    }

    /** Runs one case through `run`, which returns plain Kotlin data (Map/List/String/Number/Boolean/null). */
    fun check(case: Case, run: (JSONObject) -> Any?) {
        val outcome: Result<Any?> = try {
            Result.success(run(case.input))
        } catch (e: EsafetyException) {
            Result.failure(e)
        }
        if (case.expect.has("error")) {
            val want = case.expect.getString("error")
            val got = outcome.exceptionOrNull()
            check(got is EsafetyException && errorCode(got) == want) { "${case.name}: expected error $want, got ${got ?: outcome.getOrNull()}" }
        } else {
            val got = outcome.getOrElse { throw AssertionError("${case.name}: unexpected error ${errorCode(it as EsafetyException)}: ${it.message}") }
            check(matches(case.expect.get("ok"), got)) { "${case.name}: expected ${case.expect.get("ok")}, got $got" }
        }
    }
}
