package uk.esafety

import org.json.JSONArray
import org.json.JSONObject
import java.io.File

/** Loads the JSON files of tests/vectors/<concept>/ and applies the subset rule of tests/src/lib.rs. */
object Vectors {
    data class Case(val file: String, val concept: String, val name: String, val input: JSONObject, val expect: JSONObject)

    private val root = File(System.getProperty("esafety.vectors") ?: "../../tests/vectors")

    fun concepts(): List<String> = root.listFiles()!!.filter { it.isDirectory }.map { it.name }.sorted()

    fun cases(concept: String): List<Case> {
        val files = File(root, concept).listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
        require(files.isNotEmpty()) { "no vectors for $concept" }
        return files.flatMap { file ->
            val doc = JSONObject(file.readText())
            require(doc.getInt("schemaVersion") == 1 && doc.getString("concept") == concept) { file.name }
            // A file limited to other surfaces uses an operation Kotlin does not bind yet.
            val surfaces = doc.optJSONArray("surfaces")?.let { a -> (0 until a.length()).map { a.getString(it) } }
            if (surfaces != null && surfaces.isNotEmpty() && "kotlin" !in surfaces) return@flatMap emptyList()
            val cases = doc.getJSONArray("cases")
            (0 until cases.length()).map { i ->
                val c = cases.getJSONObject(i)
                Case("$concept/${file.name}", concept, c.getString("name"), c.getJSONObject("input"), c.getJSONObject("expect"))
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
