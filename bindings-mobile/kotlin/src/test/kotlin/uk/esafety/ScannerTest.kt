package uk.esafety

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class ScannerTest {
    @Test
    fun defaultScannerSeesThroughDisguisesWithUtf16Offsets() {
        val scanner = TermScanner.default()
        val text = "😀 honestly I want to k1lllll mys3lf"
        val m = scanner.scan(text).single()
        assertEquals(listOf("kill myself", "suicide"), listOf(m.term, m.category))
        assertEquals(5, m.severity.toInt())
        assertEquals("k1lllll mys3lf", text.substring(m.start.toInt(), m.end.toInt()))
        assertEquals(emptyList(), scanner.scan("Scunthorpe, Essex and a skilled player", "ks2"))
    }

    @Test
    fun entriesAllowRosterAndAudience() {
        val scanner = TermScanner.fromEntries(
            listOf(TermInput("kill", "violence", 3), TermInput("jo", "profanity", 2)),
            listOf("to kill a mockingbird"),
        )
        assertEquals(emptyList(), scanner.scan("We read To Kill a Mockingbird"))
        assertEquals(3, scanner.scan("jo", "ks1").single().severity.toInt())
        val named = scanner.withRoster(Roster.fromNames(listOf("Jo Bloggs")))
        assertEquals(emptyList(), named.scan("Jo is here"))
        val report = scanner.scanReport("kill jo", "ks3")
        assertEquals(listOf("violence", "profanity"), report.summary.categories)
    }

    @Test
    fun errorsAreTyped() {
        val e = assertFailsWith<EsafetyException.Scanner> { TermScanner.default().scan("hi", "year7") }
        assertEquals("scanner_unknown_audience", e.code)
        assertFailsWith<EsafetyException.Scanner> { TermScanner.fromEntries(listOf(TermInput("x", "drugs", 9))) }
        assertEquals(1, TermScanner.default().scan("kill myself").size)
    }
}
