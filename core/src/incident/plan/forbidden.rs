//! What staff must never do: the forbidden actions of a plan, each explained.

use crate::incident::ids::id_enum;
use serde::{Deserialize, Serialize};

id_enum! {
    /// Things staff must not do.
    ForbiddenAction, field = "forbidden" {
        /// Look at the image.
        ViewImage = "view_image",
        /// Copy, screenshot or photograph the image.
        CopyImage = "copy_image",
        /// Send the image on to anyone, including the DSL.
        ForwardImage = "forward_image",
        /// Print the image.
        PrintImage = "print_image",
        /// Save or store the image anywhere.
        SaveImage = "save_image",
        /// Ask a child to show, send or download the image.
        AskChildToSendImage = "ask_child_to_send_image",
        /// Delete the image, or ask the pupil to, before the DSL decides.
        DeleteBeforeDslDecision = "delete_before_dsl_decision",
        /// Ask the pupil to delete the image.
        AskChildToDeleteImage = "ask_child_to_delete_image",
        /// Question children about what the image shows.
        QuestionChildAboutImage = "question_child_about_image",
        /// Tell other staff who do not need to know.
        TellOtherStaff = "tell_other_staff",
        /// Tell other pupils.
        TellOtherPupils = "tell_other_pupils",
        /// Tell other parents.
        TellOtherParents = "tell_other_parents",
        /// Blame or shame the child.
        BlameChild = "blame_child",
        /// Warn or tell the member of staff the allegation is about.
        InformAllegedStaffMember = "inform_alleged_staff_member",
        /// Investigate before speaking to the LADO.
        InvestigateBeforeLado = "investigate_before_lado",
        /// Contact the suspect.
        ContactSuspect = "contact_suspect",
        /// Delete messages, images, logs or accounts that are evidence.
        DeleteEvidence = "delete_evidence",
        /// Investigate yourself instead of referring.
        InvestigateYourself = "investigate_yourself",
        /// Pay, or engage with, the person making threats.
        PayOrEngageWithOffender = "pay_or_engage_with_offender",
        /// Spread the content further.
        ShareContentFurther = "share_content_further",
        /// Open or look at the material again.
        AccessMaterialAgain = "access_material_again",
        /// Dismiss it because it is "only online".
        IgnoreBecauseOnline = "ignore_because_online",
        /// Leave a monitoring alert unread.
        LeaveAlertUnread = "leave_alert_unread",
        /// Create an account for a child under 13 on a 13+ service.
        CreateUnder13Account = "create_under_13_account",
        /// Examine the child's body.
        ExamineChild = "examine_child",
        /// End a supply placement or a contract before the LADO is consulted.
        EndPlacementBeforeLadoConsulted = "end_placement_before_lado_consulted",
        /// Tell the family before the police and children's social care agree.
        TellFamilyBeforeAgenciesAgree = "tell_family_before_agencies_agree",
        /// Leave the teacher's own FGM report to the police to the DSL.
        LeaveFgmReportToDsl = "leave_fgm_report_to_dsl",
    }
}

impl ForbiddenAction {
    /// What the forbidden action means in a plan about child sexual abuse imagery (an adult
    /// involved): there the image is not viewed at all, not even by the DSL (DOMAIN.md §5.5
    /// leaves viewing to youth-produced imagery; the registry's `csam_never_view`).
    pub fn describe_for_abuse_imagery(self) -> &'static str {
        match self {
            ForbiddenAction::ViewImage => {
                "do not look at the image: with an adult involved it is child sexual abuse imagery, which nobody at the school views, the DSL included (the police deal with it)"
            }
            other => other.describe(),
        }
    }

    /// What the forbidden action means, for a person.
    pub fn describe(self) -> &'static str {
        use ForbiddenAction::*;
        match self {
            ViewImage => {
                "do not look at the image (only the DSL may, and only if there is no other way to safeguard the child)"
            }
            CopyImage => "do not copy, screenshot or photograph it",
            ForwardImage => "do not send it to anyone, not even the DSL",
            PrintImage => "do not print it",
            SaveImage => "do not save or store it anywhere",
            AskChildToSendImage => "do not ask a child to show, send or download it",
            DeleteBeforeDslDecision => "do not delete it before the DSL decides",
            AskChildToDeleteImage => "do not ask the pupil to delete it",
            QuestionChildAboutImage => "do not question the children about what it shows",
            TellOtherStaff => "do not tell other staff who do not need to know",
            TellOtherPupils => "do not tell other pupils",
            TellOtherParents => "do not tell other parents",
            BlameChild => "do not blame or shame the child",
            InformAllegedStaffMember => "do not tell or warn the adult the allegation is about",
            InvestigateBeforeLado => "do not investigate before the LADO has been consulted",
            ContactSuspect => "do not contact the suspect",
            DeleteEvidence => "do not delete messages, images, logs or accounts: they are evidence",
            InvestigateYourself => "do not investigate yourself: refer",
            PayOrEngageWithOffender => "do not pay or reply to the person making threats",
            ShareContentFurther => "do not share or forward the content",
            AccessMaterialAgain => "do not open or look at the material again",
            IgnoreBecauseOnline => "do not dismiss it because it is only online",
            LeaveAlertUnread => "do not leave a monitoring alert unread",
            CreateUnder13Account => "do not create accounts for under-13s on 13+ services",
            ExamineChild => {
                "do not examine the child or ask to see: no one at school examines a pupil"
            }
            EndPlacementBeforeLadoConsulted => {
                "do not end the supply placement or contract before the LADO has been consulted and the facts are known: the agency or contractor takes part in the process"
            }
            TellFamilyBeforeAgenciesAgree => {
                "do not tell the family, or let them learn of the concern, before the police and children's social care agree: it may put the child at risk (of being taken abroad, or harmed)"
            }
            LeaveFgmReportToDsl => {
                "do not leave the police report to the DSL: the teacher who was told, or saw the signs, reports a known case of FGM personally (tell the DSL as well)"
            }
        }
    }
}
/// A forbidden action with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ForbiddenDetail {
    /// The action id.
    pub action: ForbiddenAction,
    /// What it means.
    pub text: String,
    /// Where the rule comes from.
    pub source: String,
}
