package uk.esafety

import org.junit.jupiter.api.Test
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * Hostile structured input never crashes the host (issue 11): every method that reads JSON or
 * TOML text throws the sealed exception for input nested 30,000 levels deep or megabytes long,
 * on a thread with a 256 KB stack (the test library is a debug build, whose frames are several
 * times larger than a release build's), and the objects stay usable.
 */
class RobustnessTest {
    private val depth = 30_000
    private val at = "2025-09-05T09:00:00Z"

    /** Inputs that must be refused: deep arrays, deep objects, deep values inside a valid shape, deep TOML. */
    private val hostile: Map<String, String> = mapOf(
        "array" to "[".repeat(depth) + "]".repeat(depth),
        "object" to "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
        "inside" to "{\"policy\": " + "[".repeat(depth) + "]".repeat(depth) + ", \"id\": " + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}",
        "unclosed" to "[{\"a\":".repeat(depth),
        "toml-arrays" to "a = " + "[".repeat(depth) + "]".repeat(depth) + "\n",
        "toml-tables" to "a = " + "{b = ".repeat(depth) + "1" + "}".repeat(depth) + "\n",
        "toml-dotted" to List(depth) { "a" }.joinToString(".") + " = 1\n",
        "huge" to "[" + "{\"a\": [1, 2, \"x\"]},".repeat(200_000) + "1]",
    )

    /** Every method that takes structured text, with the object it works on. */
    private val ledger = ConsentLedger()
    private val filter = UrlFilter.default()
    private val registry = Registry()
    private val keys = generateSigningKey()

    private fun methods(): Map<String, (String) -> Any?> = mapOf(
        "ConsentLedger.withConfig" to { t -> ConsentLedger.withConfig(t) },
        "ConsentLedger.fromJson" to { t -> ConsentLedger.fromJson(t) },
        "ConsentLedger.fromJson(publicKey)" to { t -> ConsentLedger.fromJson(t, keys.publicKeyHex) },
        "checkSnapshot" to { t -> checkSnapshot(t, listOf("p1"), "school_website", at, keys.publicKeyHex) },
        "UrlFilter.fromSpec" to { t -> UrlFilter.fromSpec(t) },
        "UrlFilter.record" to { t -> filter.record(t) },
        "UrlFilter.recordWithRegistry" to { t -> filter.recordWithRegistry(t, registry) },
        "UrlFilter.changePolicy" to { t -> filter.changePolicy(t, registry) },
        "UrlFilter.setPolicy" to { t -> filter.setPolicy(t) },
        "UrlFilter.classifySquidLog" to { t -> filter.classifySquidLog("", t) },
        "Registry.withSettingsJson" to { t -> Registry.withSettingsJson(t) },
        "Registry.fromJson" to { t -> Registry.fromJson(t) },
        "escalate" to { t -> escalate(t, null) },
        "draftIncident" to { t -> draftIncident(t) },
        "draftIncident(context)" to { t -> draftIncident("{\"category\": \"suicide\"}", t) },
        "SchoolProfile.fromText" to { t -> SchoolProfile.fromText("school.toml", t) },
        "SchoolPolicy.fromToml" to { t -> SchoolPolicy.fromToml(t) },
        "SchoolPolicy.fromJson" to { t -> SchoolPolicy.fromJson(t) },
        "TermScanner.fromFile(dsojevic)" to { t -> TermScanner.fromFile(tempFile(t).path, "dsojevic") },
        "TermScanner.fromTsv" to { t -> TermScanner.fromTsv(t, "school.tsv") },
    )

    /** The objects the refused calls went to still work. */
    private fun usable() {
        ledger.record("p1", "mum", "school_website", "given", at)
        assertEquals("given", ledger.state("p1", "school_website", "2025-09-06T09:00:00Z"))
        assertEquals(Verdict.BLOCK, filter.check("pornhub.com", "ks2").verdict)
        registry.assign("head", "headteacher", "2025-09-01")
    }

    private fun tempFile(text: String): File = File.createTempFile("esafety-hostile", ".json").apply {
        deleteOnExit()
        writeText(text)
    }

    /** Runs `block` on a thread with a small native stack; returns what it threw. */
    private fun onSmallStack(block: () -> Unit): Throwable? {
        var thrown: Throwable? = null
        val thread = Thread(null, { thrown = runCatching(block).exceptionOrNull() }, "small-stack", 256L * 1024)
        thread.start()
        thread.join()
        return thrown
    }

    @Test
    fun deepAndHugeInputThrowsTheSealedExceptionOnASmallStack() {
        val problems = mutableListOf<String>()
        for ((method, call) in methods()) {
            for ((kind, text) in hostile) {
                val want = expectedCode(method, kind)
                when (val e = onSmallStack { call(text) }) {
                    is EsafetyException -> if (want != null && errorCode(e) != want) problems += "$method/$kind: ${errorCode(e)}, not $want"
                    null -> problems += "$method/$kind: accepted"
                    else -> problems += "$method/$kind: ${e::class.qualifiedName}: ${e.message?.take(200)}"
                }
            }
        }
        assertEquals(emptyList(), problems)
        usable()
    }

    /**
     * `input_too_deep` (core's nesting limit, checked before anything recurses) for nested
     * input to a structured reader; any typed error otherwise. TSV is not structured: a line
     * of brackets is a malformed term line.
     */
    private fun expectedCode(method: String, kind: String): String? = when {
        method == "TermScanner.fromTsv" || kind == "huge" -> null
        kind == "toml-dotted" -> if (method in tomlReaders) "input_too_deep" else null
        else -> "input_too_deep"
    }

    private val tomlReaders = setOf("SchoolPolicy.fromToml", "SchoolProfile.fromText")

    @Test
    fun deepInputIsRefusedWithTheSharedCode() {
        val limit = 64
        val ok = "{\"policy\": {\"x\": " + "[".repeat(limit - 2) + "]".repeat(limit - 2) + "}}"
        val deep = "{\"policy\": {\"x\": " + "[".repeat(limit - 1) + "]".repeat(limit - 1) + "}}"
        assertEquals("filter_invalid_spec", errorCode(assertFailsWith<EsafetyException> { UrlFilter.fromSpec(ok) }), "64 deep is read")
        assertEquals("input_too_deep", errorCode(assertFailsWith<EsafetyException> { UrlFilter.fromSpec(deep) }))
        val draft = assertFailsWith<EsafetyException.Incident> { draftIncident("[".repeat(200) + "]".repeat(200)) }
        assertEquals("input_too_deep", draft.code)
    }

    @Test
    fun aLoneSurrogateIsRefusedBeforeItReachesTheLibraryNeverReplaced() {
        // uniffi's Kotlin string conversion refuses malformed UTF-16 (it never writes `?`);
        // scripts/patch-kotlin makes that the sealed exception, code `invalid_string`.
        val url = assertFailsWith<EsafetyException.Argument> { parseUrl("https://example.com/\uD800") }
        assertEquals("invalid_string", url.code)
        val id = assertFailsWith<EsafetyException.Argument> {
            ConsentLedger().record("p\uD800", "mum", "school_website", "given", at)
        }
        assertEquals("invalid_string", id.code)
        assertEquals("example.com", parseUrl("https://example.com/").host)
    }

    @Test
    fun aFailedCallLeavesEveryObjectUsable() {
        repeat(3) {
            assertFailsWith<EsafetyException> { ledger.record("", "mum", "school_website", "given", at) }
            assertFailsWith<EsafetyException> { ledger.checkImage(listOf(), "school_website", at) }
            assertFailsWith<EsafetyException> { filter.check("http://exa mple.com/", "ks2") }
            assertFailsWith<EsafetyException> { filter.setPolicy("{\"audiences\": {\"ks9\": {}}}") }
        }
        ledger.record("p1", "mum", "school_website", "given", at)
        assertTrue(ledger.checkImage(listOf("p1"), "school_website", "2025-09-06T09:00:00Z").allowed)
        assertEquals(Verdict.BLOCK, filter.check("pornhub.com", "ks2").verdict)
        if (filter.domainRuleCount() == 0UL) fail("the filter lost its rules")
    }
}
