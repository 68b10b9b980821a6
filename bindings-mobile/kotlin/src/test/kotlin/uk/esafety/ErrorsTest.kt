package uk.esafety

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class ErrorsTest {
    @Test
    fun badInputThrowsSealedExceptionAndLibraryKeepsWorking() {
        val e = assertFailsWith<EsafetyException.Url> { parseUrl("http://example.com:99999/") }
        assertEquals("url_invalid_port", e.code)
        // the native library is still usable afterwards
        assertEquals("example.com", parseUrl("Example.COM.").host)
    }

    @Test
    fun versions() {
        assertEquals(1u, schemaVersion())
        assertEquals(true, version().matches(Regex("""\d+\.\d+\.\d+.*""")))
    }
}
