package uk.esafety

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

class ConsentTest {
    @Test
    fun parentAppChecksAGroupPhotoOfflineFromASnapshot() {
        val school = ConsentLedger()
        school.record("p1", "mum", "school_website", "given", "2025-09-05T09:00:00Z", method = "app")
        school.record("p2", "dad", "school_website", "given", "2025-09-05T09:00:00Z")
        school.record("p2", "dad", "school_website", "withdrawn", "2026-01-10T12:00:00Z", method = "app")
        val snapshot = school.toJson()

        val app = ConsentLedger.fromJson(snapshot)
        assertEquals(school.headHash(), app.headHash())
        // Read without the school's key, the log cannot be known whole: every answer says so.
        assertEquals(listOf<String>(), school.warnings())
        assertEquals(listOf("consent_export_unsealed"), app.warnings())
        val before = app.checkImage(listOf("p1", "p2"), "school_website", "2026-01-09T10:00:00Z")
        assertTrue(before.allowed)
        assertEquals(listOf("no_full_names"), before.obligations)
        val after = app.checkImage(listOf("p1", "p2"), "school_website", "2026-03-01T10:00:00Z")
        assertFalse(after.allowed)
        assertEquals(listOf("p2"), after.blockedBy)
        assertEquals(ConsentState.WITHDRAWN, after.pupils[1].state)
        assertEquals(listOf(ConsentWarning.CONSENT_EXPORT_UNSEALED), after.warnings)
        assertFalse(app.checkImage(listOf("p1"), "school_website", "2026-01-09T10:00:00Z", namesShown = true).allowed)
        assertEquals("given", app.state("p2", "school_website", "2026-01-10T11:59:59Z"))
        assertEquals("withdrawn", app.state("p2", "school_website", "2026-01-10T12:00:00Z"))
    }

    @Test
    fun unknownChannelAndTamperingThrowConsentExceptions() {
        val ledger = ConsentLedger()
        val unknown = assertFailsWith<EsafetyException.Consent> {
            ledger.record("p1", "mum", "snapchat", "given", "2025-09-05T09:00:00Z")
        }
        assertEquals("consent_unknown_channel", unknown.code)
        ledger.record("p1", "mum", "school_website", "refused", "2025-09-05T09:00:00Z")
        val forged = ledger.toJson().replace("\"refused\"", "\"given\"")
        val tampered = assertFailsWith<EsafetyException.Consent> { ConsentLedger.fromJson(forged) }
        assertEquals("ledger_tampered", tampered.code)
        assertFailsWith<EsafetyException.Argument> { ledger.state("p1", "school_website", "yesterday") }
        assertEquals("refused", ledger.state("p1", "school_website", "2026-03-01T10:00:00Z"))
    }

    @Test
    fun pupilVoiceAndLeavingTheRoll() {
        val ledger = ConsentLedger.withConfig("""{"pupil_voice_min_age": 12}""")
        ledger.record("p1", "mum", "school_website", "given", "2025-09-05T09:00:00Z")
        ledger.recordPupilVoice("p1", "school_website", "refused", "2025-10-01T12:00:00Z", age = 13u)
        val decision = ledger.explain("p1", "school_website", "2025-10-02T10:00:00Z")
        assertEquals("pupil_refused", decision.rule)
        assertTrue(decision.source.contains("UK GDPR Art 8"))
        val unknown = assertFailsWith<EsafetyException.Consent> {
            ConsentLedger().recordPupilVoice("p2", "school_website", "refused", "2025-10-01T12:00:00Z")
        }
        assertEquals("consent_pupil_competence_unknown", unknown.code)
        ledger.recordLeaving("p1", "2026-04-01")
        val left = ledger.explain("p1", "school_website", "2026-03-31T23:00:00Z")
        assertEquals("left_roll", left.rule)
        assertEquals(ConsentState.LEFT_ROLL, left.state)
        assertFailsWith<EsafetyException.Argument> { ledger.recordLeaving("p1", "1 April") }
    }

    @Test
    fun formAnswersAreDecidedByTheCore() {
        val ledger = ConsentLedger.withConfig("""{"channels": ["school_website", "press_media"]}""")
        assertEquals("given", ledger.recordAnswer("p1", "mum", "school_website", "yes", "2025-09-05T09:00:00Z", method = "app"))
        val form = org.json.JSONObject(ledger.consentFormJson("p1", "mum", "2025-09-06T09:00:00Z"))
        assertEquals("withdrawn", form.getJSONArray("channels").getJSONObject(0).getString("no_records"))
        assertEquals("withdrawn", ledger.recordAnswer("p1", "mum", "school_website", "no", "2025-09-07T09:00:00Z"))
        val bad = assertFailsWith<EsafetyException.Consent> {
            ledger.recordAnswer("p1", "mum", "school_website", "maybe", "2025-09-07T09:00:00Z")
        }
        assertEquals("consent_unknown_answer", bad.code)
    }
}
