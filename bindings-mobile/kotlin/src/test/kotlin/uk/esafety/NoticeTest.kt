package uk.esafety

import kotlin.test.Test
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The jar carries the attribution of the lists the library embeds (META-INF/NOTICE). */
class NoticeTest {
    @Test
    fun jarShipsNotice() {
        // Other jars on the test classpath (surefire's) ship a META-INF/NOTICE too: read ours.
        val ours = UrlFilter::class.java.protectionDomain.codeSource.location.toString()
        val notice = javaClass.classLoader.getResources("META-INF/NOTICE").toList()
            .firstOrNull { ours in it.toString() }?.readText()
        assertNotNull(notice, "META-INF/NOTICE is not beside the uk.esafety classes")
        assertTrue("CC BY-SA 4.0" in notice)
    }
}
