package uk.esafety

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class IncidentTest {
    private val issueExample = """
        {"reported_at": "2025-11-26T08:30:00+00:00", "reporter": "parent_carer",
         "subjects": [{"role": "pupil", "age": 10}], "alleged": "adult_outside",
         "location": "off_site", "device": "personal",
         "facts": {"immediate_danger": false, "adult_involved": true, "under_13_involved": true, "image_involved": true},
         "tags": ["nudes_u18", "online_game"]}
    """

    @Test
    fun escalateTheIssueExample() {
        val plan = escalate(issueExample, SchoolProfile.preset("whitwell"))
        assertEquals(IncidentCategory.CSAM, plan.category)
        assertEquals(IncidentArea.CONTENT, plan.area)
        assertEquals(5u.toUByte(), plan.severity)
        assertEquals(listOf(IncidentUkcisTrigger.A), plan.ukcisTriggers)
        val first = plan.steps.first()
        assertEquals(listOf(IncidentAction.REPORT_TO_DSL, "dsl", IncidentDeadline.IMMEDIATELY), listOf(first.action, first.recipient, first.deadline))
        assertTrue(first.mandatory)
        assertTrue(IncidentForbiddenAction.VIEW_IMAGE in plan.forbidden)
        assertEquals(IncidentParentNotification.UNLESS_RISK, plan.informParents)
        assertTrue(planText(plan).startsWith("=="))
        assertEquals("whitwell", plan.profile)
        assertEquals("national", escalate(issueExample, null).profile)
    }

    @Test
    fun enumNamesAreTheWireIds() {
        val plan = escalate(issueExample, null)
        val steps = org.json.JSONObject(planJson(plan)).getJSONArray("steps")
        plan.steps.forEachIndexed { i, step ->
            assertEquals(steps.getJSONObject(i).getString("action"), step.action.wire)
            assertEquals(steps.getJSONObject(i).getString("deadline"), step.deadline.wire)
        }
        assertEquals("within_1_working_day", IncidentDeadline.WITHIN_1_WORKING_DAY.wire)
        assertEquals("call_999_if_imminent_risk", IncidentAction.CALL_999_IF_IMMINENT_RISK.wire)
    }

    @Test
    fun headteacherAllegationGoesToTheChair() {
        val plan = escalate("""{"subjects": [{"role": "pupil", "age": 9}], "alleged": "headteacher", "tags": ["staff_allegation"]}""", null)
        val who = plan.steps.filter { it.mandatory }.map { it.recipient }
        assertTrue(who.indexOf("chair_of_governors") < who.indexOf("lado"))
        assertTrue("headteacher" !in who)
    }

    @Test
    fun unknownFieldThrowsWithTheFieldAndTheLibraryKeepsWorking() {
        val e = assertFailsWith<EsafetyException.Incident> { escalate("""{"facts": {"adult": true}}""", null) }
        assertEquals("incident_unknown_field", e.code)
        assertEquals("facts.adult", e.field)
        val p = assertFailsWith<EsafetyException.Incident> { SchoolProfile.preset("hogwarts") }
        assertEquals("incident_unknown_preset", p.code)
        assertEquals(IncidentCategory.CYBERBULLYING, escalate("""{"tags": ["cyberbullying"]}""", null).category)
    }

    @Test
    fun presetsWarningsAndDrafts() {
        assertEquals(listOf("national", "kilby", "highgate", "ely", "whitwell", "russell_house"), schoolProfilePresets())
        assertTrue(SchoolProfile.preset("highgate").warnings().any { it.code == "contact_area_mismatch" })
        val draft = draftIncident("""{"kind": "term", "category": "suicide", "severity": 5, "at": "2025-11-28T19:40:00+00:00"}""")!!
        assertEquals(IncidentCategory.SELF_HARM_SUICIDE, escalate(draft, null).category)
        val games = draftIncident("""{"kind": "url", "category": "games", "at": "2025-11-28T10:00:00Z"}""")!!
        assertEquals(IncidentCategory.INAPPROPRIATE_CONTENT_ACCIDENTAL, escalate(games, null).category)
    }

    @Test
    fun draftsFromMatchAndDecisionAsTheyAre() {
        val match = """{"term": "kms", "category": "abuse", "severity": 4, "list_severity": 4, "start": 0, "end": 3, "matched_text": "kms", "source": "default.tsv:9"}"""
        val draft = draftIncident(match, """{"at": "2025-11-28T19:40:00+00:00", "age": 13}""")!!
        assertEquals(IncidentCategory.GROOMING_CSE, escalate(draft, null).category)
        val decision = """{"verdict": "block", "url": "http://b.example.test/", "host": "b.example.test", "audience": "ks2", "categories": ["blogs"], "rule": "x:1", "reason": "r", "source": "s", "matches": [], "search_terms": null, "rewrite": null, "safe_search": null, "lookalike": null}"""
        assertTrue(escalate(draftIncident(decision)!!, null).steps.isNotEmpty())
        val scanned = TermScanner.default().scan("i want to kill myself", "ks3").first()
        val fromRecord = draftIncidentFromMatch(scanned, """{"at": "2025-11-28T19:40:00+00:00", "age": 13}""")!!
        assertEquals(IncidentCategory.SELF_HARM_SUICIDE, escalate(fromRecord, null).category)
        val web = UrlFilter.default().check("https://www.bet365.com/", "ks2", null)
        assertEquals(IncidentCategory.COMMERCE_HARM, escalate(draftIncident(decisionJson(web))!!, null).category)
    }

    @Test
    fun incidentInputIsValidated() {
        val unknownTag = assertFailsWith<EsafetyException.Incident> {
            escalate("""{"subjects": [{"role": "pupil", "age": 14}], "tags": ["self-harm"]}""", null)
        }
        assertEquals("incident_unknown_tag", unknownTag.code)
        assertEquals("incident_empty", assertFailsWith<EsafetyException.Incident> { escalate("{}", null) }.code)
        val plan = escalate("""{"subjects": [{"role": "pupil", "age": 19}], "alleged": "pupil", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}""", null)
        assertTrue(plan.category != IncidentCategory.NUDES_U18)
    }
}
