//! [`FilterBuilder`]: assembles a [`UrlFilter`] from lists handed in as text.

use super::category::ut1_folder_is_known;
use super::embedded::EMBEDDED;
use super::rules::RuleTables;
use super::rules::{LoadWarning, SkippedFile, ut1_file_kind, ut1_folder};
use super::{
    Category, FileReport, FilterError, ListFormat, ListSource, LoadReport, PolicyConfig, UrlFilter,
};

/// Builds a [`UrlFilter`] from lists handed in as text.
///
/// # Example
///
/// ```
/// use esafety_core::filter::{FilterBuilder, ListFormat, Category, Verdict};
///
/// let mut builder = FilterBuilder::new();
/// builder.add_ut1_file("gambling/domains", "casino.test\n")?;
/// builder.add_list("iwf", ListFormat::Urls, &[Category::IllegalCsam], "bad.test/abuse/\n")?;
/// let filter = builder.build()?;
/// assert_eq!(filter.check("https://m.casino.test/", "staff", None)?.verdict, Verdict::Block);
/// assert_eq!(filter.load_report().accepted(), 2);
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FilterBuilder {
    tables: RuleTables,
    strict: bool,
    policy: PolicyConfig,
    model: bool,
}

impl FilterBuilder {
    /// An empty builder (no lists, default policy, lenient loading).
    pub fn new() -> FilterBuilder {
        FilterBuilder::default()
    }

    /// Strict mode: the first bad line of any later list is an error.
    pub fn strict(&mut self, strict: bool) -> &mut FilterBuilder {
        self.strict = strict;
        self
    }

    /// Adds the embedded default lists (see `core/data/filter/SOURCE.md`).
    ///
    /// # Errors
    ///
    /// Only [`FilterError::TooManyLists`].
    pub fn add_defaults(&mut self) -> Result<(), FilterError> {
        for (label, format, categories, text) in EMBEDDED {
            self.tables.add(label, *format, categories, text, false)?;
            self.tables.unnamed_last();
        }
        Ok(())
    }

    /// Adds one list.
    ///
    /// # Errors
    ///
    /// [`FilterError::RejectedLine`] in strict mode, [`FilterError::TooManyLists`].
    pub fn add_list(
        &mut self,
        label: &str,
        format: ListFormat,
        categories: &[Category],
        text: &str,
    ) -> Result<FileReport, FilterError> {
        self.tables
            .add(label, format, categories, text, self.strict)
    }

    /// Adds one file of a UT1 directory; `path` is relative to the directory
    /// (`gambling/domains`), and decides the format and the categories.
    ///
    /// # Errors
    ///
    /// [`FilterError::UnknownListFormat`] for a file that is not a UT1 list, plus those of
    /// [`FilterBuilder::add_list`].
    pub fn add_ut1_file(&mut self, path: &str, text: &str) -> Result<FileReport, FilterError> {
        self.add_ut1_list(path, path, text, &[])
    }

    /// As [`FilterBuilder::add_ut1_file`], labelled `label` in reports; `categories`, when
    /// not empty, replace the folder's (the school names the list itself). A folder no
    /// mapping knows, with no categories given, loads as `ut1:<folder>` with a
    /// `ut1_folder_unknown` warning in the load report.
    ///
    /// # Errors
    ///
    /// As [`FilterBuilder::add_ut1_file`].
    pub fn add_ut1_list(
        &mut self,
        label: &str,
        path: &str,
        text: &str,
        categories: &[Category],
    ) -> Result<FileReport, FilterError> {
        let (format, from_folder) = ut1_file_kind(path)?;
        let named = !categories.is_empty() && format != ListFormat::Metadata;
        let chosen = if named {
            categories.to_vec()
        } else {
            from_folder
        };
        let mut report = self.tables.add(label, format, &chosen, text, self.strict)?;
        if !named {
            self.tables.unnamed_last();
        }
        if !named
            && format != ListFormat::Metadata
            && let Some(folder) = ut1_folder(path)
            && !ut1_folder_is_known(folder)
        {
            let carried = chosen.first().map_or("", Category::as_str);
            let message = format!(
                "UT1 folder `{}` is not one this filter maps: its rules carry `{carried}`, which no audience blocks unless a policy names it; give the list a category",
                super::category::shorten(folder)
            );
            let warning = LoadWarning {
                code: "ut1_folder_unknown".to_owned(),
                message,
            };
            self.tables.warn_last(&mut report, warning);
        }
        Ok(report)
    }

    /// Adds one list whose format is detected from its text ([`super::detect_format`]).
    ///
    /// # Errors
    ///
    /// As [`FilterBuilder::add_list`].
    pub fn add_list_auto(
        &mut self,
        label: &str,
        categories: &[Category],
        text: &str,
    ) -> Result<FileReport, FilterError> {
        let format = super::detect_format(text);
        self.add_list(label, format, categories, text)
    }

    /// Adds a list described as data (`format` `ut1` infers it from the label, `auto`
    /// from the text).
    ///
    /// # Errors
    ///
    /// As [`FilterBuilder::add_list`], plus [`FilterError::UnknownListFormat`].
    pub fn add_source(&mut self, source: &ListSource) -> Result<FileReport, FilterError> {
        let categories = source
            .categories
            .iter()
            .map(|c| c.parse())
            .collect::<Result<Vec<Category>, FilterError>>()?;
        if source.format == "ut1" {
            return self.add_ut1_list(&source.label, &source.label, &source.text, &categories);
        }
        if source.format == "auto" {
            return self.add_list_auto(&source.label, &categories, &source.text);
        }
        let format: ListFormat = source.format.parse()?;
        self.add_list(&source.label, format, &categories, &source.text)
    }

    /// Records a file a directory walker saw and did not load, so the report shows it.
    pub fn skip_file(&mut self, path: &str, reason: &str) -> &mut FilterBuilder {
        self.tables.report.skipped_files.push(SkippedFile {
            path: path.to_owned(),
            reason: reason.to_owned(),
        });
        self
    }

    /// Turns the category model on for hosts no list knows (see `filter::model`).
    pub fn model(&mut self, on: bool) -> &mut FilterBuilder {
        self.model = on;
        self
    }

    /// Sets the school's policy.
    pub fn policy(&mut self, policy: PolicyConfig) -> &mut FilterBuilder {
        self.policy = policy;
        self
    }

    /// The load report so far.
    pub fn report(&self) -> &LoadReport {
        &self.tables.report
    }

    /// Indexes the rules and resolves the policy.
    ///
    /// # Errors
    ///
    /// Policy errors ([`FilterError::UnknownAudience`], [`FilterError::InvalidPolicy`],
    /// [`FilterError::IllegalCategoryLocked`]), [`FilterError::TooManyCategories`];
    /// [`FilterError::InvalidSpec`] if the category model was asked for and could not be read.
    pub fn build(self) -> Result<UrlFilter, FilterError> {
        let mut filter = UrlFilter::assemble(self.tables, self.policy)?;
        if self.model {
            // Asked for and unreadable (a test rules this out): refused, never silently off.
            filter.model =
                Some(
                    super::model::Model::embedded().ok_or_else(|| FilterError::InvalidSpec {
                        reason: "the embedded category model could not be read".to_owned(),
                    })?,
                );
        }
        Ok(filter)
    }
}
