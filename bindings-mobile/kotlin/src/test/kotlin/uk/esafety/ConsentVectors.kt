package uk.esafety

import org.json.JSONArray
import org.json.JSONObject

/** Replays a consent vector script (see tests/tests/consent.rs) through the Kotlin API. */
val consentHandler: (JSONObject) -> Any? = { input ->
    var ledger = if (input.has("config")) ConsentLedger.withConfig(input.getJSONObject("config").toString()) else ConsentLedger()
    val ops = input.optJSONArray("operations") ?: JSONArray()
    for (i in 0 until ops.length()) {
        val op = ops.getJSONObject(i)
        val at = op.optString("at", "")
        when (op.getString("op")) {
            "record" -> ledger.record(
                op.getString("pupil"), op.getString("carer"), op.getString("channel"), op.getString("state"), at,
                method = if (op.has("method")) op.getString("method") else null,
                noticeVersion = if (op.has("notice_version")) op.getString("notice_version") else null,
                parentalResponsibility = if (op.has("parental_responsibility")) op.getBoolean("parental_responsibility") else null,
                relationship = if (op.has("relationship")) op.getString("relationship") else null,
            )
            "restrict" -> ledger.restrict(op.getString("pupil"), op.getString("reason"), at)
            "lift_restriction" -> ledger.liftRestriction(
                op.getString("pupil"), at,
                reason = if (op.has("reason")) op.getString("reason") else null,
            )
            "publish_notice" -> ledger.publishNotice(
                op.getString("version"), at,
                substantive = op.optBoolean("substantive", true),
                contentHash = if (op.has("content_hash")) op.getString("content_hash") else null,
            )
            "record_publication" -> ledger.recordPublication(op.getString("image_id"), strings(op.getJSONArray("pupils")), op.getString("channel"), at)
            "record_removal" -> ledger.recordRemoval(op.getString("image_id"), at)
            "record_pupil_voice" -> ledger.recordPupilVoice(
                op.getString("pupil"), op.getString("channel"), op.getString("state"), at,
                age = if (op.has("age")) op.getInt("age").toUByte() else null,
                oldEnough = if (op.has("old_enough")) op.getBoolean("old_enough") else null,
                method = if (op.has("method")) op.getString("method") else null,
            )
            "record_answer" -> ledger.recordAnswer(
                op.getString("pupil"), op.getString("carer"), op.getString("channel"), op.getString("answer"), at,
                method = if (op.has("method")) op.getString("method") else null,
                noticeVersion = if (op.has("notice_version")) op.getString("notice_version") else null,
                parentalResponsibility = if (op.has("parental_responsibility")) op.getBoolean("parental_responsibility") else null,
                relationship = if (op.has("relationship")) op.getString("relationship") else null,
            )
            "record_leaving" -> ledger.recordLeaving(op.getString("pupil"), op.getString("date"))
            "record_rejoining" -> ledger.recordRejoining(op.getString("pupil"), op.getString("date"))
            else -> error("unknown vector operation ${op.getString("op")}")
        }
    }
    if (input.has("tamper")) {
        val tamper = input.getJSONObject("tamper")
        val doc = JSONObject(ledger.toJson())
        val path = tamper.getJSONArray("path")
        var target: Any = doc
        for (i in 0 until path.length() - 1) {
            target = when (target) {
                is JSONObject -> target.get(path.getString(i))
                is JSONArray -> target.get(path.getInt(i))
                else -> error("tamper path does not fit")
            }
        }
        val last = path.get(path.length() - 1)
        val delete = tamper.optBoolean("delete", false)
        when (target) {
            is JSONObject -> if (delete) target.remove(last as String) else target.put(last as String, tamper.get("value"))
            is JSONArray -> if (delete) target.remove(last as Int) else target.put(last as Int, tamper.get("value"))
            else -> error("tamper path does not fit")
        }
        ledger = ConsentLedger.fromJson(doc.toString())
    } else if (input.optBoolean("reload", false)) {
        ledger = ConsentLedger.fromJson(ledger.toJson())
    }
    val queries = input.optJSONArray("queries") ?: JSONArray()
    val results = (0 until queries.length()).map { i ->
        val q = queries.getJSONObject(i)
        val at = q.getString("at")
        when (q.getString("op")) {
            "state" -> mapOf("state" to ledger.state(q.getString("pupil"), q.getString("channel"), at))
            "check_image" -> {
                val d = ledger.checkImage(strings(q.getJSONArray("pupils")), q.getString("channel"), at, namesShown = q.optBoolean("names_shown", false))
                mapOf("allowed" to d.allowed, "blocked_by" to d.blockedBy, "reasons" to d.reasons, "obligations" to d.obligations)
            }
            "takedown_list" -> mapOf("takedowns" to ledger.takedownList(at).map { it.toData() })
            "receipt" -> JSONObject(ledger.receiptJson(q.getString("pupil"), q.getString("carer"), at)).toMap()
            "consent_form" -> JSONObject(ledger.consentFormJson(q.getString("pupil"), q.getString("carer"), at)).toMap()
            "explain" -> JSONObject(ledger.explainJson(q.getString("pupil"), q.getString("channel"), at)).toMap()
            else -> error("unknown vector query ${q.getString("op")}")
        }
    }
    mapOf("results" to results)
}

private fun strings(array: JSONArray): List<String> = (0 until array.length()).map { array.getString(it) }

fun Takedown.toData(): Map<String, Any?> = mapOf(
    "image_id" to imageId, "channel" to channel, "published_at" to publishedAt, "pupils" to pupils,
    "blocked_by" to blockedBy, "reasons" to reasons, "action" to action.wire, "consented_when_published" to consentedWhenPublished,
)
