//! Decisions on phones and personal devices under the school's [`DeviceRules`].

use super::local::{DeviceRules, PupilPhones, StaffPhones};
use super::permission::{DecisionContext, Verdict};
use super::role::Role;

const SRC_PHONES: &str = "Local choice phones";

/// Whether every role held is `pupil` (a pupil who is also, say, a volunteer is not).
fn pupil_only(roles: &[Role]) -> bool {
    !roles.is_empty() && roles.iter().all(|r| *r == Role::Pupil)
}

/// What the school's rule does with pupils' phones during the day (none lets them be used).
fn pupil_phones_reason(rules: &DeviceRules) -> &'static str {
    match rules.pupil_phones {
        PupilPhones::NotUsedInSchoolDay => "pupils do not use phones during the school day",
        PupilPhones::SwitchedOffAndStored => {
            "pupils' phones are switched off and kept in a secure place out of sight during school hours"
        }
        PupilPhones::HandedToTeacher => {
            "pupils do not bring phones; one that must come in is handed to the class teacher until home time"
        }
    }
}

/// May this person use their own phone now?
pub(super) fn use_phone(rules: &DeviceRules, roles: &[Role], ctx: &DecisionContext) -> Verdict {
    let source = source(rules);
    if pupil_only(roles) {
        return Verdict::denied("pupil_phones", pupil_phones_reason(rules), source);
    }
    let with_pupils = ctx.with_pupils;
    let (approver, fact, leave) = match rules.staff_phones {
        StaffPhones::AwayFromPupils => (None, "", "staff use their own phones away from pupils"),
        StaffPhones::BreaksInStaffAreasUnlessHeadAllows => (
            Some(Role::Headteacher),
            "head_approval",
            "only at break and lunch in staff areas, away from pupils, unless the headteacher allows",
        ),
        StaffPhones::NotWhileTeachingUnlessLeaderAllows => (
            Some(Role::Slt),
            "slt_permission",
            "silent in lessons and not used while teaching unless a member of the leadership team allows",
        ),
        StaffPhones::OutOfSightNeverInClass => (
            None,
            "",
            "kept secure and out of sight, never used in live classrooms, used at breaks in staff rooms; the headteacher may allow one carried out of pupils' view, not used with them",
        ),
    };
    // Nobody approves their own request: the head's own phone needs another leader.
    let head_approval = super::permission::others_approval(roles, ctx.head_approval);
    let fact = if fact == "head_approval" && roles.contains(&Role::Headteacher) {
        "slt_permission"
    } else {
        fact
    };
    let permitted = match fact {
        "head_approval" => head_approval == Some(true),
        "slt_permission" => ctx.slt_permission == Some(true) || head_approval == Some(true),
        _ => false,
    };
    match (with_pupils, approver) {
        (Some(false), _) => Verdict::allowed("staff_phones", leave, source)
            .with(&["away from pupils, in a staff area"]),
        (None, _) => Verdict::justify(
            "staff_phones",
            &format!("{leave} (`with_pupils` is not recorded; unknown counts as no)"),
            source,
        )
        .needing(&["with_pupils"]),
        (Some(true), Some(_)) if permitted => Verdict::allowed(
            "staff_phones",
            "permission has been given for this use",
            source,
        ),
        (Some(true), Some(role)) => {
            Verdict::approval(role, "staff_phones", leave, source).needing(&[fact])
        }
        (Some(true), None) => Verdict::denied("staff_phones", leave, source),
    }
}

/// May personal devices join the school wireless network? Where they may not, a visitor
/// given a guest key (case by case, seed 002) joins with it.
pub(super) fn join_wifi(rules: &DeviceRules, roles: &[Role], visitor_with_key: bool) -> Verdict {
    if pupil_only(roles) {
        // A pupil's personal device follows the phone rule, which keeps it out of use
        // during the school day whatever the network rule says.
        return Verdict::denied("pupil_phones", pupil_phones_reason(rules), source(rules));
    }
    if rules.personal_devices_on_school_wifi {
        Verdict::allowed(
            "personal_devices_on_school_wifi",
            "personal devices may use the school's wireless network, filtered and monitored",
            source(rules),
        )
    } else if visitor_with_key {
        Verdict::allowed(
            "guest_wireless_key",
            "a visitor given a guest wireless key joins with it, filtered and monitored",
            source(rules),
        )
    } else {
        Verdict::denied(
            "personal_devices_on_school_wifi",
            "staff and pupils do not connect personal devices to the school's wireless network; visitors get a guest key case by case",
            source(rules),
        )
    }
}

fn source(rules: &DeviceRules) -> &str {
    rules.source.as_deref().unwrap_or(SRC_PHONES)
}
