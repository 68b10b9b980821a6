//! The steps of each §5.3 category, one file per group of related categories.

mod conduct;
mod content;
mod data;
mod extremism;
mod sexual;
mod staff;
mod wellbeing;

use super::Builder;
use crate::incident::classify::Category;

impl Builder<'_> {
    /// Adds the steps and forbidden actions of one category (exhaustive: a new category
    /// must be given its steps here).
    pub(super) fn category_steps(&mut self, c: Category) {
        use Category::*;
        match c {
            Csam
            | Sextortion
            | GroomingCse
            | CriminalExploitation
            | NudesU18
            | OnlineSexualHarassment => self.sexual_steps(c),
            TerroristContent | Radicalisation => self.extremism_steps(c),
            SelfHarmSuicide => self.wellbeing_steps(),
            OnlineHate | Cyberbullying | Cybercrime | UnauthorisedRecording => {
                self.conduct_steps(c)
            }
            DataBreach | ImageConsentBreach => self.data_steps(c),
            StaffAllegation | StaffLowLevelConcern => self.staff_steps(c),
            InappropriateContentDeliberate
            | InappropriateContentAccidental
            | FilterBypass
            | FilterFailure
            | CommerceHarm
            | UnderagePlatformUse
            | MisDisinformation => self.content_steps(c),
        }
    }
}
