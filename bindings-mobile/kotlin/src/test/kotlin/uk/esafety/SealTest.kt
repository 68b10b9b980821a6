package uk.esafety

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

/** Sealed ledger exports and the signed snapshot the parent app checks offline (issue 11). */
class SealTest {
    private val keys = generateSigningKey()
    private val taken = "2025-09-06T10:00:00Z"
    private val later = "2025-09-07T10:00:00Z"

    /** p1 consents, p2 is restricted (adopted): the restriction is the last entry. */
    private fun ledger(): ConsentLedger = ConsentLedger().apply {
        record("p1", "c1", "school_website", "given", "2025-09-05T08:00:00Z")
        record("p2", "c2", "school_website", "given", "2025-09-05T09:00:00Z")
        restrict("p2", "adopted", "2025-09-06T09:00:00Z")
    }

    private fun consentCode(block: () -> Unit): String = assertFailsWith<EsafetyException.Consent> { block() }.code

    private fun check(text: String, pupils: List<String> = listOf("p1"), at: String = later, key: String = keys.publicKeyHex) =
        checkSnapshot(text, pupils, "school_website", at, key)

    @Test
    fun generatedKeysAreFreshHexPairs() {
        val other = generateSigningKey()
        assertTrue(keys.privateKeyHex.matches(Regex("[0-9a-f]{64}")))
        assertTrue(keys.publicKeyHex.matches(Regex("[0-9a-f]{64}")))
        assertNotEquals(keys.privateKeyHex, other.privateKeyHex)
        assertNotEquals(keys.publicKeyHex, other.publicKeyHex)
    }

    @Test
    fun aSignedSnapshotIsAcceptedAndCarriesTheSchoolsAnswer() {
        val school = ledger()
        val allowed = check(school.snapshot(listOf("p1"), "school_website", taken, keys.privateKeyHex))
        assertTrue(allowed.allowed)
        assertEquals(listOf("p1"), allowed.pupils.map { it.pupil })
        val group = school.snapshot(listOf("p2", "p1"), "school_website", taken, keys.privateKeyHex)
        val refused = check(group, listOf("p1", "p2"))
        assertFalse(refused.allowed)
        assertEquals(listOf("p2"), refused.blockedBy)
        assertFalse(check(group, listOf("p2", "p1", "p2")).allowed, "order and repeats do not matter")
    }

    @Test
    fun unsignedExpiredTamperedAndWrongKeySnapshotsAreRefused() {
        val snapshot = ledger().snapshot(listOf("p1"), "school_website", taken, keys.privateKeyHex)
        val unsigned = JSONObject(snapshot).apply { remove("seal") }.toString()
        assertEquals("snapshot_signature_invalid", consentCode { check(unsigned) })
        assertEquals("snapshot_expired", consentCode { check(snapshot, at = "2025-09-13T10:00:00Z") })
        assertEquals("snapshot_expired", consentCode { check(snapshot, at = "2025-09-06T09:59:59Z") })
        val forged = snapshot.replace("\"allowed\":true", "\"allowed\":false")
        assertNotEquals(snapshot, forged)
        assertEquals("snapshot_signature_invalid", consentCode { check(forged) })
        val stretched = JSONObject(snapshot).apply { put("valid_until", "2099-01-01T00:00:00Z") }.toString()
        assertEquals("snapshot_signature_invalid", consentCode { check(stretched, at = "2030-01-01T00:00:00Z") })
        val stranger = generateSigningKey().publicKeyHex
        assertEquals("snapshot_signature_invalid", consentCode { check(snapshot, key = stranger) })
        assertEquals("snapshot_mismatch", consentCode { check(snapshot, listOf("p1", "p2")) })
        assertEquals("invalid_key", consentCode { check(snapshot, key = "not hex") })
        assertEquals("invalid_key", consentCode { ledger().snapshot(listOf("p1"), "school_website", taken, keys.publicKeyHex.take(10)) })
        assertEquals("consent_malformed_ledger", consentCode { check("{\"kind\": \"other\"}") })
        assertTrue(check(snapshot).allowed, "the genuine snapshot still counts")
    }

    @Test
    fun sealedExportsRoundTripAndNamesStayCompatible() {
        val school = ledger()
        val sealed = school.toJson(signingKey = keys.privateKeyHex)
        assertTrue(JSONObject(sealed).has("seal"))
        assertFalse(JSONObject(school.toJson()).has("seal"))
        val app = ConsentLedger.fromJson(sealed, publicKey = keys.publicKeyHex)
        assertEquals(school.headHash(), app.headHash())
        assertEquals(school.headHash(), ConsentLedger.fromJson(sealed).headHash())
        assertEquals("invalid_key", consentCode { school.toJson(signingKey = "00") })
        assertEquals("invalid_key", consentCode { ConsentLedger.fromJson(sealed, publicKey = "zz".repeat(32)) })
    }

    @Test
    fun truncatedReorderedEditedAndForeignExportsAreRefused() {
        val school = ledger()
        val sealed = school.toJson(signingKey = keys.privateKeyHex)
        val import = { text: String -> ConsentLedger.fromJson(text, publicKey = keys.publicKeyHex) }

        // Cut the adoption restriction off and re-head the chain: the chain alone accepts it,
        // the seal the export carries does not, with or without the school's key.
        val cutDoc = JSONObject(sealed).apply {
            val entries = getJSONArray("entries")
            entries.remove(entries.length() - 1)
            put("head_hash", entries.getJSONObject(entries.length() - 1).getString("hash"))
        }
        val cut = cutDoc.toString()
        assertEquals("ledger_signature_invalid", consentCode { import(cut) })
        assertEquals("ledger_signature_invalid", consentCode { ConsentLedger.fromJson(cut) })
        // With the seal taken off as well only the school's key can tell.
        val unsealed = cutDoc.apply { remove("seal") }.toString()
        ConsentLedger.fromJson(unsealed)
        assertEquals("ledger_signature_invalid", consentCode { import(unsealed) })

        val reordered = JSONObject(sealed).apply {
            val e = getJSONArray("entries")
            put("entries", JSONArray(listOf(e.get(1), e.get(0), e.get(2))))
        }.toString()
        assertEquals("ledger_tampered", consentCode { import(reordered) })

        val edited = sealed.replace("\"reason\":\"adopted\"", "\"reason\":\"court_order\"")
        assertNotEquals(sealed, edited)
        assertEquals("ledger_tampered", consentCode { import(edited) })

        assertEquals("ledger_signature_invalid", consentCode { import(school.toJson()) })
        val foreign = school.toJson(signingKey = generateSigningKey().privateKeyHex)
        assertEquals("ledger_signature_invalid", consentCode { import(foreign) })
        assertEquals(school.headHash(), import(sealed).headHash())
    }

    @Test
    fun theFilterChangeLogIsSealedAndVerified() {
        val filter = UrlFilter.default()
        for ((id, target) in listOf("u1" to "coolmath.test", "u2" to "scratch.test")) {
            filter.record("""{"type": "request", "id": "$id", "action": "unblock", "target": "$target",
                "audiences": ["ks2"], "requested_by": "staff-1", "at": "2026-03-01T12:00:00Z", "reason": "lesson"}""")
        }
        val sealed = filter.changeLogJson(signingKey = keys.privateKeyHex)
        val verified = JSONObject(verifyChangeLog(sealed, keys.publicKeyHex))
        assertEquals(2, verified.getJSONArray("events").length())
        assertFalse(JSONObject(filter.changeLogJson()).has("seal"))
        val filterCode = { block: () -> Unit -> assertFailsWith<EsafetyException.Filter> { block() }.code }

        val reversed = JSONObject(sealed).apply {
            val e = getJSONArray("events")
            put("events", JSONArray(listOf(e.get(1), e.get(0))))
        }.toString()
        assertEquals("change_log_tampered", filterCode { verifyChangeLog(reversed, keys.publicKeyHex) })
        val shorter = JSONObject(sealed).apply {
            getJSONArray("events").remove(1)
            getJSONArray("overrides").remove(1)
        }.toString()
        assertEquals("change_log_tampered", filterCode { verifyChangeLog(shorter, keys.publicKeyHex) })
        val edited = sealed.replace("scratch.test", "roblox.com")
        assertNotEquals(sealed, edited)
        assertEquals("change_log_tampered", filterCode { verifyChangeLog(edited, keys.publicKeyHex) })
        assertEquals("change_log_signature_invalid", filterCode { verifyChangeLog(filter.changeLogJson(), keys.publicKeyHex) })
        val stranger = generateSigningKey().publicKeyHex
        assertEquals("change_log_signature_invalid", filterCode { verifyChangeLog(sealed, stranger) })
        assertEquals("invalid_key", filterCode { verifyChangeLog(sealed, "12") })
        assertEquals("invalid_key", filterCode { filter.changeLogJson(signingKey = "xyz") })
    }
}
