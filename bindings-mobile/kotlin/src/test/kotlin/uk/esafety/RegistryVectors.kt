package uk.esafety

import org.json.JSONArray
import org.json.JSONObject

private fun JSONObject.stringOrNull(key: String): String? = if (has(key) && !isNull(key)) getString(key) else null

private fun JSONObject.arrayOf(key: String): List<JSONObject> {
    val array = optJSONArray(key) ?: JSONArray()
    return (0 until array.length()).map { array.getJSONObject(it) }
}

/** A vector's decision context as the Kotlin API takes it. */
fun contextOf(obj: JSONObject?): Map<String, ContextValue> =
    if (obj == null) emptyMap() else obj.keySet().filter { !obj.isNull(it) }.associateWith { key ->
        when (val v = obj.get(key)) {
            is Boolean -> ContextValue.Flag(v)
            else -> ContextValue.Text(v.toString())
        }
    }

fun AccessDecision.toData(): Map<String, Any?> = mapOf(
    "person" to person, "at" to at, "allowed" to allowed, "missing" to missing,
    "gaps" to gaps.map { mapOf("audience" to it.audience.wire, "problem" to it.problem.wire, "current_version" to it.currentVersion, "source" to it.source) },
    "satisfied" to satisfied.map { mapOf("audience" to it.audience.wire, "version" to it.version, "signed_at" to it.signedAt, "expires" to it.expires) },
    "roles" to roles.map { it.wire }, "required" to required.map { it.wire }, "rule" to rule, "reason" to reason, "source" to source,
)

fun PermissionDecision.toData(): Map<String, Any?> = mapOf(
    "person" to person, "action" to action.wire, "outcome" to outcome.wire, "approver_role" to approverRole?.wire,
    "rule" to rule, "reason" to reason, "conditions" to conditions, "missing" to missing, "source" to source,
)

fun AupDiff.toData(): Map<String, Any?> = mapOf(
    "audience" to audience.wire, "version_a" to versionA, "version_b" to versionB, "material" to material,
    "added" to added.map { mapOf("number" to it.number.toInt(), "text" to it.text) },
    "removed" to removed.map { mapOf("number" to it.number.toInt(), "text" to it.text) },
    "changed" to changed.map { mapOf("number_a" to it.numberA.toInt(), "number_b" to it.numberB.toInt(), "before" to it.before, "after" to it.after) },
    "unchanged" to unchanged.toInt(),
)

fun RoleHolders.toData(): Map<String, Any?> = mapOf(
    "role" to role.wire, "on" to on, "holders" to holders, "deputies" to deputies, "vacant" to vacant, "no_deputy" to noDeputy,
)

fun Duty.toData(): Map<String, Any?> = mapOf("role" to role.wire, "duty" to duty, "as_deputy" to asDeputy, "source" to source)

fun ReviewStatus.toData(): Map<String, Any?> = mapOf(
    "subject" to subject.wire, "last_reviewed" to lastReviewed, "due" to due, "overdue" to overdue,
    "open_triggers" to openTriggers.map { mapOf("subject" to it.subject.wire, "trigger" to it.trigger.wire, "on" to it.on, "after_same_day_review" to it.afterSameDayReview) },
    "reviewer_roles" to reviewerRoles.map { it.wire }, "vacant_reviewer_roles" to vacantReviewerRoles.map { it.wire }, "warnings" to warnings, "source" to source,
)

fun Vacancy.toData(): Map<String, Any?> = mapOf(
    "role" to role.wire, "on" to on, "deputies" to deputies, "warning" to warning, "source" to source,
)

/** Replays a registry vector (operations, then queries) through the Kotlin `Registry`. */
val registryHandler: (JSONObject) -> Any? = { input ->
    val registry = if (input.has("settings")) Registry.withSettingsJson(input.getJSONObject("settings").toString()) else Registry()
    registry.use { reg ->
        for (op in input.arrayOf("operations")) {
            when (op.getString("op")) {
                "assign" -> reg.assign(op.getString("person"), op.getString("role"), op.getString("since"), op.stringOrNull("deputy_for"), op.stringOrNull("audience"))
                "unassign" -> reg.unassign(op.getString("person"), op.getString("role"), op.getString("until"))
                "publish_aup" -> {
                    val clauses = op.optJSONArray("clauses")?.let { a -> (0 until a.length()).map { a.getString(it) } } ?: emptyList()
                    reg.publishAup(op.getString("audience"), op.getString("version"), op.getString("effective"), op.optBoolean("material", true), clauses)
                }
                "sign" -> reg.sign(
                    op.getString("person"), op.getString("audience"), op.getString("version"), op.getString("at"),
                    coSigner = op.stringOrNull("co_signer"), signedOnBehalfBy = op.stringOrNull("signed_on_behalf_by"),
                    explainedToPupil = op.optBoolean("explained_to_pupil", false), method = op.stringOrNull("method") ?: "paper",
                    className = op.stringOrNull("class"),
                )
                "record_review" -> reg.recordReview(op.getString("subject"), op.getString("on"))
                "flag_review" -> reg.flagReview(op.getString("subject"), op.getString("trigger"), op.getString("on"))
                else -> error("unknown operation ${op.getString("op")}")
            }
        }
        val results = input.arrayOf("queries").map { q ->
            when (q.getString("op")) {
                "may_access_systems" -> reg.mayAccessSystems(q.getString("person"), q.getString("at")).toData()
                "who_must_sign" -> reg.whoMustSign(q.getString("at"))
                "decide" -> reg.decide(q.getString("person"), q.getString("action"), q.getString("at"), contextOf(q.optJSONObject("context"))).toData()
                "diff" -> reg.diff(q.getString("audience"), q.getString("version_a"), q.getString("version_b")).toData()
                "holders" -> reg.holders(q.getString("role"), q.getString("on")).toData()
                "duties" -> reg.duties(q.getString("person"), q.getString("on")).map { it.toData() }
                "review_status" -> reg.reviewStatus(q.getString("on")).map { it.toData() }
                "vacancies" -> reg.vacancies(q.getString("on")).map { it.toData() }
                else -> error("unknown query ${q.getString("op")}")
            }
        }
        mapOf("results" to results)
    }
}
