package uk.esafety

import kotlin.test.Test
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The jar carries the attribution of the lists the library embeds (META-INF/NOTICE). */
class NoticeTest {
    @Test
    fun jarShipsNotice() {
        val notice = javaClass.getResource("/META-INF/NOTICE")?.readText()
        assertNotNull(notice, "META-INF/NOTICE is not on the classpath")
        assertTrue("CC BY-SA 4.0" in notice)
    }
}
