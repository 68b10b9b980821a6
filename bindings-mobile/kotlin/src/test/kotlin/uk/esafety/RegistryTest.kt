package uk.esafety

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class RegistryTest {
    private val at = "2025-10-01T10:00:00Z"

    @Test
    fun dslVacancyWhenOnlyADeputyRemains() {
        Registry().use { reg ->
            reg.assign("dsl1", "dsl", "2025-09-01")
            reg.assign("dep", "deputy_dsl", "2025-09-01", "dsl1")
            reg.assign("head", "headteacher", "2025-09-01")
            reg.assign("fm", "slt_fm_lead", "2025-09-01")
            assertEquals(emptyList(), reg.vacancies("2025-12-31"))
            reg.unassign("dsl1", "dsl", "2025-12-31")
            val v = reg.vacancies("2026-01-05").single()
            assertEquals(Role.DSL, v.role)
            assertEquals(listOf("dep"), v.deputies)
            assertTrue(reg.reviewStatus("2026-01-05").all { it.warnings.contains(v.warning) })
            val e = assertFailsWith<EsafetyException.Argument> { reg.vacancies("05/01/2026") }
            assertEquals("invalid_date", e.code)
        }
    }

    @Test
    fun signBeforeAccessAndTechnicianAup() {
        Registry().use { reg ->
            reg.assign("tech", "it_provider", "2025-09-01")
            val staff = reg.publishAup("staff", "2025", "2025-09-01", clauses = listOf("I will keep my password private."))
            assertTrue(staff.material, "core's MATERIAL_BY_DEFAULT")
            reg.publishAup("technician", "2025", "2025-09-01")
            val access = reg.mayAccessSystems("tech", at)
            assertEquals(false, access.allowed)
            assertEquals(listOf("staff", "technician"), access.missing)
            assertEquals(listOf("tech"), reg.whoMustSign(at))
            reg.sign("tech", "staff", "2025", "2025-09-02T08:00:00Z")
            reg.sign("tech", "technician", "2025", "2025-09-02T08:05:00Z")
            assertTrue(reg.mayAccessSystems("tech", at).allowed)
        }
    }

    @Test
    fun decideNamesOutcomeApproverAndSource() {
        Registry.withPreset("seed_004").use { reg ->
            reg.assign("head", "headteacher", "2025-09-01")
            reg.assign("teacher", "all_staff", "2025-09-01")
            val refused = reg.decide("head", "search_pupil_device", at, mapOf("pupil_consent" to ContextValue.Flag(false)))
            assertEquals(PermissionOutcome.DENIED, refused.outcome)
            assertTrue(refused.source.contains("seed 004"))
            val unblock = reg.decide("teacher", "approve_unblock", at, emptyMap())
            assertEquals(PermissionOutcome.NEEDS_APPROVAL, unblock.outcome)
            assertEquals(Role.SLT_FM_LEAD, unblock.approverRole)
            val publish = reg.decide("teacher", "publish_image", at, mapOf("consent" to ContextValue.Text("permitted")))
            assertEquals(PermissionOutcome.ALLOWED, publish.outcome)
        }
    }

    @Test
    fun badIdsThrowRegistryExceptionAndTheObjectKeepsWorking() {
        Registry().use { reg ->
            val e = assertFailsWith<EsafetyException.Registry> { reg.assign("x", "janitor", "2025-09-01") }
            assertEquals("registry_unknown_role", e.code)
            val a = assertFailsWith<EsafetyException.Registry> { reg.decide("x", "fly", at, emptyMap()) }
            assertEquals("registry_unknown_action", a.code)
            assertEquals(emptyList(), reg.whoMustSign(at))
        }
    }
}
