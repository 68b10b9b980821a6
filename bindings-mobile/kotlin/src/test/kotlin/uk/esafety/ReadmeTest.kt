package uk.esafety

import org.junit.jupiter.api.Test
import java.io.File
import kotlin.test.assertTrue

/** The README's Kotlin example is this test's body, verbatim, so the README cannot rot. */
class ReadmeTest {
    @Test
    fun readmeExampleRuns() {
        // README example start
        val url = parseUrl("HTTPS://WWW.Example.COM./a/../b")
        check(url.host == "www.example.com" && url.path == "/b")
        try {
            parseUrl("http://example.com:99999/")
        } catch (e: EsafetyException.Url) {
            check(e.code == "url_invalid_port")
        }
        val text = "i want to k1lllll mys3lf"
        val match = TermScanner.default().scan(text, "ks2").first()
        check(text.substring(match.start.toInt(), match.end.toInt()) == "k1lllll mys3lf")
        val web = UrlFilter.default()
        check(web.check("https://www.bet365.com/", "ks2", null).verdict == Verdict.BLOCK)
        // README example end
    }

    @Test
    fun readmeShowsExactlyThisCode() {
        val readme = File(System.getProperty("esafety.readme")).readText()
        val block = Regex("```kotlin\n(.*?)```", RegexOption.DOT_MATCHES_ALL).find(readme)!!.groupValues[1]
        val source = File("src/test/kotlin/uk/esafety/ReadmeTest.kt").readText()
        val body = source.substringAfter("// README example start\n").substringBefore("        // README example end")
        val normalise = { s: String -> s.lines().map { it.trim() }.filter { it.isNotEmpty() } }
        assertTrue(normalise(block) == normalise(body), "README kotlin block differs from ReadmeTest body")
    }
}
