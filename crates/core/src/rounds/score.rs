//! Scores: a candidate's score made of named parts, and its Persian line.

use super::*;

/// One part of a candidate's score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ScorePart {
    /// `need_level`, `self_applied`, `never_trained`, `waiting`, `small`,
    /// `startup`, `internet`, `fairness`.
    pub key: String,
    /// `نیاز سطح ۵`.
    pub label: String,
    pub points: i64,
}

/// `نیاز سطح ۵: +۵۰، متقاضی: +۲۰، …`
pub fn explain(parts: &[ScorePart]) -> String {
    parts
        .iter()
        .map(|p| {
            let sign = if p.points < 0 { "−" } else { "+" };
            format!("{}: {sign}{}", p.label, fa(p.points.abs()))
        })
        .collect::<Vec<_>>()
        .join("، ")
}

/// What the score is computed from.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Facts {
    pub(super) need_level: u8,
    pub(super) self_applied: bool,
    pub(super) never_trained: bool,
    pub(super) months_waiting: i64,
    pub(super) small: bool,
    pub(super) startup: bool,
    pub(super) internet: bool,
}

/// The parts of a score before the fairness term.
pub(super) fn base_parts(f: &Facts, w: &Weights) -> Vec<ScorePart> {
    let mut parts = vec![ScorePart {
        key: "need_level".into(),
        label: format!("نیاز سطح {}", fa(f.need_level)),
        points: i64::from(f.need_level) * w.need_level,
    }];
    let mut add = |on: bool, key: &str, label: String, points: i64| {
        if on && points != 0 {
            parts.push(ScorePart {
                key: key.into(),
                label,
                points,
            });
        }
    };
    add(
        f.self_applied,
        "self_applied",
        "متقاضی".into(),
        w.self_applied,
    );
    add(
        f.never_trained,
        "never_trained",
        "بدون آموزش پیشین".into(),
        w.never_trained,
    );
    let months = f.months_waiting.clamp(0, w.max_months);
    add(
        months > 0,
        "waiting",
        format!("{} ماه انتظار", fa(f.months_waiting.max(0))),
        months * w.per_month_waiting,
    );
    add(f.small, "small", "تعاونی کوچک".into(), w.small);
    add(f.startup, "startup", "تعاونی نوپا".into(), w.startup);
    add(f.internet, "internet", "تعاونی اینترنتی".into(), w.internet);
    parts
}

pub(super) fn fairness_part(already: i64, w: &Weights) -> Option<ScorePart> {
    (already > 0 && w.fairness > 0).then(|| ScorePart {
        key: "fairness".into(),
        label: format!("{} نفر دیگر از همین تعاونی در نوبت", fa(already)),
        points: -already * w.fairness,
    })
}
