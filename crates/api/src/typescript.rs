//! The UI's TypeScript: every type that crosses to the window, and one typed
//! function per command of `table.rs`. Committed as `ui/src/lib/bindings.ts`;
//! `tests/bindings.rs` fails when it drifts (`UPDATE_BINDINGS=1` rewrites it).

use taavon_core::audit::{AuditFilter, AuditRow, Change};
use taavon_core::backup::{BackupCheck, BackupInfo, BackupKind};
use taavon_core::catalog::{
    CourseFilter, CourseInput, CourseKind, CourseView, Outcome, ProviderInput, ProviderKind,
    ProviderView,
};
use taavon_core::demo::{DemoConfig, DemoSummary, Progress};
use taavon_core::error::{ErrorBody, FieldMessage};
use taavon_core::files::Saved;
use taavon_core::import::{
    ColumnGuess, ColumnMap, ConflictColumn, ImportOutcome, ImportRequest, Layout, MapChoice,
    MappingConflict, NameChoice, NameSplit, RowFix, RowProblem, RowSample, TargetInfo,
};
use taavon_core::jalali::{GridDay, Jalali, MonthGrid};
use taavon_core::merge::{
    MergeCounts, OrgMerge, OrgMergeInput, OrgSide, PersonMerge, PersonMergeInput, PersonSide,
};
use taavon_core::model::{
    Education, Gender, ImportKind, NeedSource, NeedStatus, OrgField, OrgKind, OrgStatus, QuotaUnit,
    ReferralStatus, Role, RoundStatus, TargetRole,
};
use taavon_core::needs::{
    CampaignInput, CampaignView, HistoryEntry, NeedEdit, NeedFilter, NeedInput, NeedView,
    NomineeView, Roadmap, Suggestion,
};
use taavon_core::registry::*;
use taavon_core::report::{
    Figures, Funnel, MonthFigures, NeedsFigures, OrgNeeds, PeriodInput, RoundFigures, Share,
    WaitBucket, WaitFigures,
};
use taavon_core::rounds::{
    BuildReport, Candidate, CandidateFilter, CandidateList, CapView, CourseCount, QuotaInput,
    QuotaView, ReferralUpdate, ReferralView, RoundInput, RoundLetter, RoundMove, RoundView,
    ScorePart, SignInRow, SignInSheet, StatusEntry,
};
use taavon_core::settings::{Settings, Weights};
use taavon_core::waiting::{WaitingItem, WaitingKind, WaitingLink};
use taavon_core::xlsx::ExportOptions;
use ts_rs::{Config, TS};

use crate::{declared, AppInfo, Declared};

/// The whole of `ui/src/lib/bindings.ts`.
pub fn bindings() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        OrgKind::decl(&cfg),
        OrgField::decl(&cfg),
        OrgStatus::decl(&cfg),
        Gender::decl(&cfg),
        Education::decl(&cfg),
        Role::decl(&cfg),
        PersonInput::decl(&cfg),
        PersonView::decl(&cfg),
        PersonDetail::decl(&cfg),
        OrgInput::decl(&cfg),
        OrgView::decl(&cfg),
        OrgRef::decl(&cfg),
        OrgDetail::decl(&cfg),
        OrgFilter::decl(&cfg),
        MembershipInput::decl(&cfg),
        MembershipView::decl(&cfg),
        MembershipEdit::decl(&cfg),
        UnionLink::decl(&cfg),
        Page::<()>::decl(&cfg),
        PageRequest::decl(&cfg),
        NamedList::decl(&cfg),
        NamedItem::decl(&cfg),
        Counts::decl(&cfg),
        StartState::decl(&cfg),
        Jalali::decl(&cfg),
        GridDay::decl(&cfg),
        MonthGrid::decl(&cfg),
        AuditEntry::decl(&cfg),
        DemoConfig::decl(&cfg),
        DemoSummary::decl(&cfg),
        Progress::decl(&cfg),
        CourseKind::decl(&cfg),
        CourseInput::decl(&cfg),
        CourseView::decl(&cfg),
        CourseFilter::decl(&cfg),
        Outcome::decl(&cfg),
        ProviderKind::decl(&cfg),
        ProviderInput::decl(&cfg),
        ProviderView::decl(&cfg),
        TargetRole::decl(&cfg),
        NeedSource::decl(&cfg),
        NeedStatus::decl(&cfg),
        CampaignInput::decl(&cfg),
        CampaignView::decl(&cfg),
        NeedInput::decl(&cfg),
        NeedEdit::decl(&cfg),
        NeedView::decl(&cfg),
        NeedFilter::decl(&cfg),
        HistoryEntry::decl(&cfg),
        NomineeView::decl(&cfg),
        Suggestion::decl(&cfg),
        Roadmap::decl(&cfg),
        QuotaUnit::decl(&cfg),
        RoundStatus::decl(&cfg),
        ReferralStatus::decl(&cfg),
        Weights::decl(&cfg),
        Settings::decl(&cfg),
        QuotaInput::decl(&cfg),
        CapView::decl(&cfg),
        QuotaView::decl(&cfg),
        RoundInput::decl(&cfg),
        RoundView::decl(&cfg),
        ScorePart::decl(&cfg),
        Candidate::decl(&cfg),
        CandidateFilter::decl(&cfg),
        CandidateList::decl(&cfg),
        BuildReport::decl(&cfg),
        RoundMove::decl(&cfg),
        ReferralView::decl(&cfg),
        ReferralUpdate::decl(&cfg),
        StatusEntry::decl(&cfg),
        CourseCount::decl(&cfg),
        SignInRow::decl(&cfg),
        SignInSheet::decl(&cfg),
        RoundLetter::decl(&cfg),
        PeriodInput::decl(&cfg),
        Funnel::decl(&cfg),
        MonthFigures::decl(&cfg),
        RoundFigures::decl(&cfg),
        Share::decl(&cfg),
        NeedsFigures::decl(&cfg),
        OrgNeeds::decl(&cfg),
        WaitBucket::decl(&cfg),
        WaitFigures::decl(&cfg),
        Figures::decl(&cfg),
        AuditFilter::decl(&cfg),
        Change::decl(&cfg),
        AuditRow::decl(&cfg),
        MergeCounts::decl(&cfg),
        OrgSide::decl(&cfg),
        PersonSide::decl(&cfg),
        OrgMergeInput::decl(&cfg),
        OrgMerge::decl(&cfg),
        PersonMergeInput::decl(&cfg),
        PersonMerge::decl(&cfg),
        BackupKind::decl(&cfg),
        BackupInfo::decl(&cfg),
        Saved::decl(&cfg),
        BackupCheck::decl(&cfg),
        ImportKind::decl(&cfg),
        TargetInfo::decl(&cfg),
        ColumnMap::decl(&cfg),
        ColumnGuess::decl(&cfg),
        ConflictColumn::decl(&cfg),
        MappingConflict::decl(&cfg),
        MapChoice::decl(&cfg),
        NameSplit::decl(&cfg),
        NameChoice::decl(&cfg),
        Layout::decl(&cfg),
        RowFix::decl(&cfg),
        ImportRequest::decl(&cfg),
        RowSample::decl(&cfg),
        ImportOutcome::decl(&cfg),
        ExportOptions::decl(&cfg),
        RowProblem::decl(&cfg),
        ErrorBody::decl(&cfg),
        WaitingKind::decl(&cfg),
        WaitingLink::decl(&cfg),
        WaitingItem::decl(&cfg),
        AppInfo::decl(&cfg),
        FieldMessage::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types and the command table (crates/api) by\n\
         // crates/api/tests/bindings.rs. Do not edit: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p taavon-api --test bindings` instead.\n\n\
         import { call } from './ipc';\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    for c in declared(&cfg) {
        out.push_str(&function(&c));
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `search_people` → `searchPeople`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// One command as a typed function over `call`.
fn function(c: &Declared) -> String {
    let mut out = String::new();
    if !c.doc.is_empty() {
        out.push_str("/**");
        for line in &c.doc {
            out.push_str("\n *");
            out.push_str(line);
        }
        out.push_str("\n */\n");
    }
    let mut params: Vec<String> = c
        .args
        .iter()
        .map(|(name, ty)| format!("{}: {ty}", camel(name)))
        .collect();
    if c.progress {
        params.push("onProgress: (progress: Progress) => void".to_owned());
    }
    let answer = if c.answer == "null" {
        "void"
    } else {
        &c.answer
    };
    let keys: Vec<String> = c.args.iter().map(|(name, _)| camel(name)).collect();
    let args = if keys.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", keys.join(", "))
    };
    let progress = if c.progress { ", onProgress" } else { "" };
    out.push_str(&format!(
        "export function {}({}): Promise<{answer}> {{\n  return call('{}', {args}{progress});\n}}",
        camel(c.name),
        params.join(", "),
        c.name,
    ));
    out
}
