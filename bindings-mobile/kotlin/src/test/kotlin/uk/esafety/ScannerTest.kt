package uk.esafety

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

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

    @Test
    fun theDefaultExtendsWithASchoolsListKeepingProvenance() {
        val base = TermScanner.default()
        val school = base.extended(listOf(TermInput("bunk off", "bullying", 2)), listOf("kill myself in minecraft"))
        val found = school.scan("lets bunk off and kill myself", "ks3")
        assertEquals("entries#1", found[0].source)
        assertTrue(found[1].source.startsWith("default.tsv:"))
        assertEquals(emptyList(), school.scan("I nearly kill myself in minecraft", "ks3"))
        assertEquals(1, base.scan("I nearly kill myself in minecraft", "ks3").size, "the base scanner is unchanged")
        assertTrue(school.size() > base.size())
        val tsv = base.extendedWithTsv("bunk off\tbullying\t2\n", "school.tsv")
        assertEquals("school.tsv:1", tsv.scan("lets bunk off", "ks3").single().source)
        val bad = assertFailsWith<EsafetyException.Scanner> { base.extended(listOf(TermInput("x", "violence", 9))) }
        assertEquals("scanner_invalid_severity", bad.code)
        assertFailsWith<EsafetyException.Scanner> { base.extendedWithTsv("x\tviolence\t9\n", "school.tsv") }
        assertTrue(defaultTermList().lines().any { it.startsWith("kill myself\t") })
    }

    @Test
    fun matchesCarryPatternSlotsContextAndConfidence() {
        val m = TermScanner.default().scan("pakis are rats", "ks3").single()
        assertEquals("identity_dehumanised", m.pattern)
        assertEquals(mapOf("identity" to "pakis", "dehumanising" to "rats"), m.slots)
        assertTrue(m.confidence >= flagConfidence())
        assertEquals(0.5, flagConfidence())
        val negated = TermScanner.default().scan("I don't want to kill myself", "ks3")
        assertTrue(negated.all { it.category == "suicide" && it.confidence >= flagConfidence() }, "harm is never silenced")
    }

    @Test
    fun unnamedListsTakeCoresLabel() {
        assertEquals("list.tsv:1", TermScanner.fromTsv("bunk off\tbullying\t2\n").scan("lets bunk off", "ks3").single().source)
        val extended = TermScanner.default().extendedWithTsv("bunk off\tbullying\t2\n")
        assertEquals("list.tsv:1", extended.scan("lets bunk off", "ks3").single().source)
    }

    @Test
    fun theDefaultExtendsWithASchoolsListFile() {
        val dir = kotlin.io.path.createTempDirectory("esafety-terms").toFile()
        try {
            val file = java.io.File(dir, "school.tsv").apply { writeText("# our words\nbunk off\tbullying\t2\n") }
            val school = TermScanner.default().extendedFromFile(file.path, allow = listOf("bunk off school trip"))
            assertEquals("school.tsv:2", school.scan("lets bunk off", "ks3").single().source)
            assertEquals(emptyList(), school.scan("the bunk off school trip", "ks3"))
            val missing = assertFailsWith<EsafetyException.Io> { TermScanner.default().extendedFromFile(java.io.File(dir, "none.tsv").path) }
            assertEquals("file_unreadable", missing.code)
            val format = assertFailsWith<EsafetyException.Scanner> { TermScanner.default().extendedFromFile(file.path, "csv") }
            assertEquals("scanner_unknown_format", format.code)
        } finally {
            dir.deleteRecursively()
        }
    }
}
