//! The step actions of a plan: a closed set, serialised to the same snake_case ids as before.
//!
//! A later step moves the procedures into data files; each step names one of these.

use crate::incident::ids::id_enum;

id_enum! {
    /// What a step asks someone to do. On the wire and in every binding: its snake_case id.
    ///
    /// ```
    /// use esafety_core::incident::Action;
    ///
    /// assert_eq!(Action::ReportToDsl.as_str(), "report_to_dsl");
    /// assert_eq!(Action::from_id("call_999"), Some(Action::Call999));
    /// assert!(Action::ReportToDsl == "report_to_dsl");
    /// ```
    Action, field = "action" {
        /// Alert out of hours contact.
        AlertOutOfHoursContact = "alert_out_of_hours_contact",
        /// Apply behaviour and AUP sanctions.
        ApplyBehaviourAndAupSanctions = "apply_behaviour_and_aup_sanctions",
        /// Block and isolate image.
        BlockAndIsolateImage = "block_and_isolate_image",
        /// Block categories.
        BlockCategories = "block_categories",
        /// Block url.
        BlockUrl = "block_url",
        /// Call 999.
        Call999 = "call_999",
        /// Call 999 if imminent risk.
        Call999IfImminentRisk = "call_999_if_imminent_risk",
        /// Call anti terrorist hotline.
        CallAntiTerroristHotline = "call_anti_terrorist_hotline",
        /// Call parents if search refused.
        CallParentsIfSearchRefused = "call_parents_if_search_refused",
        /// Challenge and ask for deletion.
        ChallengeAndAskForDeletion = "challenge_and_ask_for_deletion",
        /// Check for protected children.
        CheckForProtectedChildren = "check_for_protected_children",
        /// Close filter gap.
        CloseFilterGap = "close_filter_gap",
        /// Code of conduct route.
        CodeOfConductRoute = "code_of_conduct_route",
        /// Consider deletion after DSL confirms.
        ConsiderDeletionAfterDslConfirms = "consider_deletion_after_dsl_confirms",
        /// Consider prevent referral.
        ConsiderPreventReferral = "consider_prevent_referral",
        /// Consider welfare or child protection signal.
        ConsiderWelfareOrChildProtectionSignal = "consider_welfare_or_child_protection_signal",
        /// Consult police before sharing.
        ConsultPoliceBeforeSharing = "consult_police_before_sharing",
        /// Debrief lessons learnt.
        DebriefLessonsLearnt = "debrief_lessons_learnt",
        /// Decide ICO notification.
        DecideIcoNotification = "decide_ico_notification",
        /// Delete incidental copies.
        DeleteIncidentalCopies = "delete_incidental_copies",
        /// Educational response.
        EducationalResponse = "educational_response",
        /// Feed into F&M review.
        FeedIntoFmReview = "feed_into_fm_review",
        /// Follow up a referral to children's social care: check it was acknowledged and a
        /// decision made, and escalate if not.
        FollowUpReferral = "follow_up_referral",
        /// Follow anti bullying policy.
        FollowAntiBullyingPolicy = "follow_anti_bullying_policy",
        /// Follow behaviour or anti bullying policy.
        FollowBehaviourOrAntiBullyingPolicy = "follow_behaviour_or_anti_bullying_policy",
        /// Follow behaviour policy.
        FollowBehaviourPolicy = "follow_behaviour_policy",
        /// Follow child protection and anti bullying policies.
        FollowChildProtectionAndAntiBullyingPolicies = "follow_child_protection_and_anti_bullying_policies",
        /// Follow local exploitation procedure.
        FollowLocalExploitationProcedure = "follow_local_exploitation_procedure",
        /// Handle internally with support.
        HandleInternallyWithSupport = "handle_internally_with_support",
        /// Hold initial review meeting.
        HoldInitialReviewMeeting = "hold_initial_review_meeting",
        /// Identify those involved.
        IdentifyThoseInvolved = "identify_those_involved",
        /// Tell the agency or contractor that employs the adult concerned what the LADO agrees
        /// can be shared.
        InformEmployingAgency = "inform_employing_agency",
        /// Inform online safety lead.
        InformOnlineSafetyLead = "inform_online_safety_lead",
        /// Inform parents.
        InformParents = "inform_parents",
        /// Inform parents unless risk.
        InformParentsUnlessRisk = "inform_parents_unless_risk",
        /// Keep evidence.
        KeepEvidence = "keep_evidence",
        /// Make sure child is safe now.
        MakeSureChildIsSafeNow = "make_sure_child_is_safe_now",
        /// Minimise screen and tell staff.
        MinimiseScreenAndTellStaff = "minimise_screen_and_tell_staff",
        /// Notify ICO.
        NotifyIco = "notify_ico",
        /// Pass url to filtering provider.
        PassUrlToFilteringProvider = "pass_url_to_filtering_provider",
        /// Pastoral or mental health pathway.
        PastoralOrMentalHealthPathway = "pastoral_or_mental_health_pathway",
        /// Point to report remove.
        PointToReportRemove = "point_to_report_remove",
        /// Preserve evidence.
        PreserveEvidence = "preserve_evidence",
        /// Preserve evidence two staff one computer.
        PreserveEvidenceTwoStaffOneComputer = "preserve_evidence_two_staff_one_computer",
        /// Quarantine devices.
        QuarantineDevices = "quarantine_devices",
        /// Record decision not to refer.
        RecordDecisionNotToRefer = "record_decision_not_to_refer",
        /// Record in breach log.
        RecordInBreachLog = "record_in_breach_log",
        /// Record incident.
        RecordIncident = "record_incident",
        /// Refer to CSC.
        ReferToCsc = "refer_to_csc",
        /// Refer to cyber choices.
        ReferToCyberChoices = "refer_to_cyber_choices",
        /// Refer to LADO.
        ReferToLado = "refer_to_lado",
        /// Refer to police.
        ReferToPolice = "refer_to_police",
        /// Refer to prevent.
        ReferToPrevent = "refer_to_prevent",
        /// Remove image.
        RemoveImage = "remove_image",
        /// Report low level concern.
        ReportLowLevelConcern = "report_low_level_concern",
        /// Report staff misuse to headteacher.
        ReportStaffMisuseToHeadteacher = "report_staff_misuse_to_headteacher",
        /// Report a known case of FGM to the police (the teacher, personally).
        ReportFgmToPolice = "report_fgm_to_police",
        /// Report terrorist content.
        ReportTerroristContent = "report_terrorist_content",
        /// Report to action fraud.
        ReportToActionFraud = "report_to_action_fraud",
        /// Report to case manager.
        ReportToCaseManager = "report_to_case_manager",
        /// Report to CEOP.
        ReportToCeop = "report_to_ceop",
        /// Report to DSL.
        ReportToDsl = "report_to_dsl",
        /// Report to filtering provider.
        ReportToFilteringProvider = "report_to_filtering_provider",
        /// Report to headteacher.
        ReportToHeadteacher = "report_to_headteacher",
        /// Report trends to governors.
        ReportTrendsToGovernors = "report_trends_to_governors",
        /// Report url to it.
        ReportUrlToIt = "report_url_to_it",
        /// Report url to IWF.
        ReportUrlToIwf = "report_url_to_iwf",
        /// Request content removal.
        RequestContentRemoval = "request_content_removal",
        /// Review blocked access.
        ReviewBlockedAccess = "review_blocked_access",
        /// Check the low-level concerns record for earlier concerns about the same adult.
        ReviewEarlierLowLevelConcerns = "review_earlier_low_level_concerns",
        /// Review filtering.
        ReviewFiltering = "review_filtering",
        /// Risk assessment.
        RiskAssessment = "risk_assessment",
        /// Search device per school rule.
        SearchDevicePerSchoolRule = "search_device_per_school_rule",
        /// Secure and switch off device.
        SecureAndSwitchOffDevice = "secure_and_switch_off_device",
        /// Secure compromised accounts: reset passwords, end sessions, keep the logs.
        SecureCompromisedAccounts = "secure_compromised_accounts",
        /// Secure device.
        SecureDevice = "secure_device",
        /// Secure devices.
        SecureDevices = "secure_devices",
        /// Seek police advice if unclear.
        SeekPoliceAdviceIfUnclear = "seek_police_advice_if_unclear",
        /// Seek police or hate service advice.
        SeekPoliceOrHateServiceAdvice = "seek_police_or_hate_service_advice",
        /// Share with LA education safeguarding.
        ShareWithLaEducationSafeguarding = "share_with_la_education_safeguarding",
        /// Stop all access to material.
        StopAllAccessToMaterial = "stop_all_access_to_material",
        /// Support all children involved.
        SupportAllChildrenInvolved = "support_all_children_involved",
        /// Support child.
        SupportChild = "support_child",
        /// Offer the member of staff who was harmed support (the headteacher or their line
        /// manager; POSH advises on taking content down).
        SupportStaffMember = "support_staff_member",
        /// Suspend access.
        SuspendAccess = "suspend_access",
        /// Tell child it will be passed on.
        TellChildItWillBePassedOn = "tell_child_it_will_be_passed_on",
        /// Tell data protection lead.
        TellDataProtectionLead = "tell_data_protection_lead",
    }
}

impl PartialEq<&str> for Action {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Action {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
