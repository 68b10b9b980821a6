package uk.esafety

import org.json.JSONObject
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import kotlin.test.assertEquals

/** The stable code of any case of the sealed exception. */
fun errorCode(e: EsafetyException): String = when (e) {
    is EsafetyException.Url -> e.code
    is EsafetyException.Wire -> e.code
    is EsafetyException.Argument -> e.code
    is EsafetyException.Io -> e.code
    is EsafetyException.Consent -> e.code
    is EsafetyException.Incident -> e.code
    is EsafetyException.Filter -> e.code
    is EsafetyException.Registry -> e.code
    is EsafetyException.Scanner -> e.code
    is EsafetyException.Policy -> e.code
}

/** Per-concept handlers: replay a vector input through the Kotlin API, return plain data. */
val handlers: Map<String, (JSONObject) -> Any?> = mapOf(
    "url" to { input -> parseUrl(input.getString("url")).toData() },
    "registry" to registryHandler,
    "filter" to filterHandler,
    "incident" to incidentHandler,
    "consent" to consentHandler,
    "scanner" to scannerHandler,
    "policy" to policyHandler,
)

/** The wire id of a generated enum (`NEEDS_APPROVAL` → `needs_approval`). */
val Enum<*>.wire: String get() = name.lowercase()

fun CanonicalUrl.toData(): Map<String, Any?> = mapOf(
    "scheme" to scheme, "host" to host, "host_kind" to hostKind.wire,
    "port" to port?.toInt(), "path" to path, "query" to query, "href" to href,
)

class ConformanceTest {
    @TestFactory
    fun vectors(): List<DynamicTest> = Vectors.concepts().flatMap { concept ->
        Vectors.cases(concept).map { case ->
            DynamicTest.dynamicTest("${case.file} :: ${case.name}") {
                val handler = handlers[concept] ?: error("no Kotlin handler for concept $concept")
                Vectors.check(case, handler)
            }
        }
    }

    @Test
    fun everyConceptHasAHandler() {
        assertEquals(emptyList(), Vectors.concepts().filter { it !in handlers })
        assertEquals(emptyList(), Vectors.badInputConcepts().filter { it !in Vectors.concepts() })
    }
}
