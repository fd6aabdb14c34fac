//! The report's summary in Persian sentences, made from the figures alone
//! (never typed), so the words and the tables always agree.

use super::{fa_number, fa_percent, Figures, Share};
use crate::text::to_persian_digits;

pub(super) fn sentences(f: &Figures) -> Vec<String> {
    let lead = if f.from == f.to {
        format!("در {}", f.label)
    } else {
        format!("از {}", f.label)
    };
    let mut out = Vec::new();
    let n = &f.funnel;
    if n.referred == 0 {
        out.push(format!(
            "{lead} هیچ فهرست معرفی‌ای به آموزش فنی و حرفه‌ای ارسال نشده است."
        ));
    } else {
        let from = match (f.cooperatives, f.unions) {
            (c, 0) => format!("{} تعاونی", fa_number(c)),
            (0, u) => format!("{} اتحادیه", fa_number(u)),
            (c, u) => format!("{} تعاونی و {} اتحادیه", fa_number(c), fa_number(u)),
        };
        out.push(format!(
            "{lead}، {} نفر از {from} در {} نوبت به آموزش فنی و حرفه‌ای معرفی شدند.",
            fa_number(n.referred),
            fa_number(f.rounds.len() as i64),
        ));
        out.push(format!(
            "از این معرفی‌ها، {} نفر ({}) ثبت‌نام کردند، {} نفر ({}) در کلاس حاضر شدند، {} نفر ({}) قبول شدند و {} نفر ({}) گواهینامه گرفتند.",
            fa_number(n.enrolled),
            fa_percent(n.enrolled_rate),
            fa_number(n.attended),
            fa_percent(n.attended_rate),
            fa_number(n.passed),
            fa_percent(n.passed_rate),
            fa_number(n.certified),
            fa_percent(n.certified_rate),
        ));
        let top = |shares: &[Share]| shares.first().filter(|s| s.referred > 0).cloned();
        match (top(&f.by_county), top(&f.by_field)) {
            (Some(c), Some(k)) => out.push(format!(
                "بیشترین معرفی از شهرستان {} ({} نفر) و در زمینه {} ({} نفر) بود.",
                c.label,
                fa_number(c.referred),
                k.label,
                fa_number(k.referred),
            )),
            (None, Some(k)) => out.push(format!(
                "بیشترین معرفی در زمینه {} ({} نفر) بود.",
                k.label,
                fa_number(k.referred)
            )),
            _ => {}
        }
        let flag = |key: &str| {
            f.by_flag
                .iter()
                .find(|s| s.key == key)
                .map_or(0, |s| s.referred)
        };
        out.push(format!(
            "{} نفر از تعاونی‌های کوچک، {} نفر از تعاونی‌های نوپا و {} نفر از تعاونی‌های اینترنتی معرفی شدند.",
            fa_number(flag("small")),
            fa_number(flag("startup")),
            fa_number(flag("internet")),
        ));
    }
    for q in &f.quotas {
        out.push(format!(
            "از سهمیه «{}» ({} {})، تاکنون {} {} به کار رفته، {} {} در نوبت‌های ارسال‌نشده رزرو شده و {} {} مانده است.",
            q.title,
            fa_number(q.quota),
            q.unit_label,
            fa_number(q.used),
            q.unit_label,
            fa_number(q.reserved),
            q.unit_label,
            fa_number(q.remaining),
            q.unit_label,
        ));
    }
    if f.needs.approved > 0 {
        out.push(format!(
            "از {} نفر نیاز آموزشی تأییدشده در {} تعاونی، {} نفر ({}) آموزش دیده‌اند.",
            fa_number(f.needs.approved),
            fa_number(f.needs.organizations),
            fa_number(f.needs.met),
            fa_percent(f.needs.percent),
        ));
    }
    if let (Some(median), Some(mean)) = (f.wait.median_days, f.wait.mean_days) {
        out.push(format!(
            "از تأیید نیاز تا معرفی، میانه {} روز و میانگین {} روز طول کشید.",
            fa_number(median),
            to_persian_digits(&format!("{mean:.1}").replace('.', "٫")),
        ));
    }
    out
}
