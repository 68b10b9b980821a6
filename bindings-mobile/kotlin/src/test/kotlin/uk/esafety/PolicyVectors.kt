package uk.esafety

import org.json.JSONObject

/** Replays a policy vector: load a preset, TOML or JSON; return {id, document} or {problems}. */
val policyHandler: (JSONObject) -> Any? = { input ->
    try {
        val policy = when {
            input.has("preset") -> SchoolPolicy.preset(input.getString("preset"))
            input.has("toml") -> SchoolPolicy.fromToml(input.getString("toml"))
            else -> SchoolPolicy.fromJson(input.getString("json"))
        }
        mapOf("id" to policy.id(), "document" to incidentJsonToData(JSONObject(policy.toJson())))
    } catch (e: EsafetyException.Policy) {
        if (e.code != "policy_invalid") throw e
        mapOf("problems" to e.problems.map { mapOf("path" to it.path, "code" to it.code, "message" to it.message) })
    }
}
