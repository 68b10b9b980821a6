package uk.esafety

import org.json.JSONArray
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class PolicyTest {
    @Test
    fun presetsAliasesAndProblems() {
        assertEquals(listOf("national", "kilby", "highgate", "ely", "whitwell", "russell_house"), policyPresetIds())
        assertEquals("russell_house", SchoolPolicy.preset("seed_004").id())
        val err = assertThrows<EsafetyException.Policy> {
            SchoolPolicy.fromToml("schema_version = 1\nid = \"x\"\ncolour = 1\n[filter.audiences.ks2]\nblock = [\"gamblng\"]\n")
        }
        assertEquals("policy_invalid", err.code)
        assertEquals(listOf("colour", "filter.audiences.ks2.block[0]"), err.problems.map { it.path })
        val unknown = assertThrows<EsafetyException.Policy> { SchoolPolicy.preset("whitwel") }
        assertTrue(unknown.message!!.contains("did you mean `whitwell`"))
    }

    @Test
    fun vocabularyLists() {
        assertEquals(listOf("eyfs", "ks1", "ks2", "ks3", "ks4", "sixth_form", "staff", "guest"), audiences())
        assertTrue("dsl" in roles())
        val cats = JSONArray(categoriesJson())
        assertTrue((0 until cats.length()).any { cats.getJSONObject(it).getString("source_module") == "scanner" })
    }
}
