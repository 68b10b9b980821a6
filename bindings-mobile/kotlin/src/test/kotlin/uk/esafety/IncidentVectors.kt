package uk.esafety

import org.json.JSONArray
import org.json.JSONObject
import java.nio.file.Files

/** JSON text (`planJson(plan)`, a profile's `toJson()`) as plain Kotlin data. */
fun incidentJsonToData(value: Any?): Any? = when (value) {
    is JSONObject -> value.keySet().associateWith { incidentJsonToData(value.get(it)) }
    is JSONArray -> (0 until value.length()).map { incidentJsonToData(value.get(it)) }
    JSONObject.NULL, null -> null
    else -> value
}

private fun incidentProfile(arg: Any?): SchoolProfile? = when (arg) {
    null, JSONObject.NULL -> null
    is String -> SchoolProfile.preset(arg)
    is JSONObject -> {
        // The other surfaces read profile files: write the text under its label and read it back.
        val dir = Files.createTempDirectory("esafety-profile")
        val file = dir.resolve(arg.getString("label"))
        try {
            Files.writeString(file, arg.getString("text"))
            SchoolProfile.fromFile(file.toString())
        } finally {
            Files.deleteIfExists(file)
            Files.deleteIfExists(dir)
        }
    }
    else -> error("bad profile argument $arg")
}

/** Replays an incident vector through the Kotlin API. */
val incidentHandler: (JSONObject) -> Any? = { input ->
    when (val call = input.getString("call")) {
        "escalate" -> incidentJsonToData(JSONObject(planJson(escalate(input.getJSONObject("incident").toString(), incidentProfile(input.opt("profile"))))))
        "profile" -> incidentJsonToData(JSONObject(SchoolProfile.preset(input.getString("preset")).toJson()))
        "profile_from_text" -> incidentJsonToData(JSONObject(SchoolProfile.fromText(input.getString("label"), input.getString("text")).toJson()))
        "draft" -> {
            val draft = draftIncident(input.getJSONObject("alert").toString(), input.optJSONObject("context")?.toString())
            if (draft == null) {
                mapOf("incident" to null, "plan" to null)
            } else {
                val plan = escalate(draft, incidentProfile(input.opt("profile")))
                mapOf("incident" to incidentJsonToData(JSONObject(draft)), "plan" to incidentJsonToData(JSONObject(planJson(plan))))
            }
        }
        else -> error("unknown call $call")
    }
}
