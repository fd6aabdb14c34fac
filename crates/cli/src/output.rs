//! Printing: JSON for scripts, aligned Persian tables for people.

use std::io::{IsTerminal, Write};

use serde::Serialize;
use taavon_core::demo::DemoSummary;
use taavon_core::registry::{
    MembershipView, NamedItem, OrgDetail, OrgView, Page, PersonDetail, PersonView,
};
use taavon_core::text::to_persian_digits;
use taavon_core::{Error, Result};

pub struct Out {
    json: bool,
}

fn fa(s: &str) -> String {
    to_persian_digits(s)
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(fa).unwrap_or_else(|| "—".into())
}

/// Terminal columns a string takes; ZWNJ and marks take none.
fn width(s: &str) -> usize {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200C}' | '\u{200D}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
            )
        })
        .count()
}

fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c))))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers.iter().map(|h| h.to_string()).collect());
    line(widths.iter().map(|w| "─".repeat(*w)).collect());
    for row in rows {
        line(row.clone());
    }
}

fn print_pairs(pairs: &[(&str, String)]) {
    let w = pairs.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    for (k, v) in pairs {
        println!("{k}{}  {v}", " ".repeat(w - width(k)));
    }
}

fn yes_no(b: bool) -> String {
    if b { "بله" } else { "خیر" }.into()
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out { json }
    }

    fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value).expect("views serialize");
        println!("{text}");
        Ok(())
    }

    pub fn person(&mut self, p: &PersonView) -> Result<()> {
        if self.json {
            return self.json(p);
        }
        print_pairs(&person_pairs(p));
        Ok(())
    }

    pub fn person_detail(&mut self, d: &PersonDetail) -> Result<()> {
        if self.json {
            return self.json(d);
        }
        print_pairs(&person_pairs(&d.person));
        println!();
        println!("نقش‌ها در تعاونی‌ها:");
        self.membership_rows(&d.memberships, true);
        Ok(())
    }

    pub fn people(&mut self, page: &Page<PersonView>) -> Result<()> {
        if self.json {
            return self.json(&page.items);
        }
        let rows: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|p| {
                vec![
                    fa(&p.national_code),
                    p.last_name.clone(),
                    p.first_name.clone(),
                    opt(&p.father_name),
                    opt(&p.birth_date_jalali),
                    opt(&p.mobile),
                ]
            })
            .collect();
        print_table(
            &[
                "کد ملی",
                "نام خانوادگی",
                "نام",
                "نام پدر",
                "تاریخ تولد",
                "همراه",
            ],
            &rows,
        );
        page_footer(page.total, page.page, page.page_size, page.items.len());
        Ok(())
    }

    pub fn org(&mut self, o: &OrgView) -> Result<()> {
        if self.json {
            return self.json(o);
        }
        print_pairs(&org_pairs(o));
        Ok(())
    }

    pub fn org_detail(&mut self, d: &OrgDetail) -> Result<()> {
        if self.json {
            return self.json(d);
        }
        print_pairs(&org_pairs(&d.organization));
        if !d.unions.is_empty() {
            let names: Vec<&str> = d.unions.iter().map(|u| u.name.as_str()).collect();
            println!("عضو اتحادیه‌ها: {}", names.join("، "));
        }
        if !d.member_cooperatives.is_empty() {
            println!(
                "\nتعاونی‌های عضو ({}):",
                fa(&d.member_cooperatives.len().to_string())
            );
            for c in &d.member_cooperatives {
                println!("  {} ({})", c.name, opt(&c.national_id));
            }
        }
        println!("\nاشخاص ({}):", fa(&d.people.len().to_string()));
        self.membership_rows(&d.people, false);
        Ok(())
    }

    pub fn orgs(&mut self, page: &Page<OrgView>) -> Result<()> {
        if self.json {
            return self.json(&page.items);
        }
        let rows: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|o| {
                vec![
                    opt(&o.national_id),
                    o.name.clone(),
                    o.kind_label.clone(),
                    o.field_label.clone(),
                    opt(&o.county),
                    o.member_count
                        .map(|n| fa(&n.to_string()))
                        .unwrap_or_else(|| "—".into()),
                    o.status_label.clone(),
                ]
            })
            .collect();
        print_table(
            &[
                "شناسه ملی",
                "نام",
                "نوع",
                "زمینه",
                "شهرستان",
                "اعضا",
                "وضعیت",
            ],
            &rows,
        );
        page_footer(page.total, page.page, page.page_size, page.items.len());
        Ok(())
    }

    pub fn membership(&mut self, m: &MembershipView) -> Result<()> {
        if self.json {
            return self.json(m);
        }
        println!(
            "{} (کد ملی {}) با نقش «{}» در «{}» ثبت شد.",
            m.person_name,
            fa(&m.national_code),
            m.role_label,
            m.organization_name
        );
        Ok(())
    }

    fn membership_rows(&self, list: &[MembershipView], by_org: bool) {
        if list.is_empty() {
            println!("  (هیچ)");
            return;
        }
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|m| {
                let who = if by_org {
                    m.organization_name.clone()
                } else {
                    m.person_name.clone()
                };
                let key = if by_org {
                    opt(&m.organization_national_id)
                } else {
                    fa(&m.national_code)
                };
                vec![
                    key,
                    who,
                    m.role_label.clone(),
                    opt(&m.start_date_jalali),
                    opt(&m.end_date_jalali),
                ]
            })
            .collect();
        let first = if by_org {
            "شناسه ملی"
        } else {
            "کد ملی"
        };
        let second = if by_org { "تعاونی" } else { "نام" };
        print_table(&[first, second, "نقش", "از", "تا"], &rows);
    }

    pub fn named(&mut self, items: &[NamedItem]) -> Result<()> {
        if self.json {
            return self.json(items);
        }
        for item in items {
            println!(
                "{}{}",
                item.name,
                if item.active { "" } else { " (غیرفعال)" }
            );
        }
        Ok(())
    }

    pub fn demo_summary(&mut self, s: &DemoSummary) -> Result<()> {
        if self.json {
            return self.json(s);
        }
        print_pairs(&[
            ("تعاونی", fa(&s.cooperatives.to_string())),
            ("اتحادیه", fa(&s.unions.to_string())),
            ("شخص", fa(&s.people.to_string())),
            ("نقش در تعاونی", fa(&s.memberships.to_string())),
            ("عضویت در اتحادیه", fa(&s.union_memberships.to_string())),
            ("ردیف نیاز", fa(&s.need_lines.to_string())),
            ("معرفی‌شده برای آموزش", fa(&s.nominees.to_string())),
        ]);
        Ok(())
    }

    pub fn bench<T: Serialize>(&mut self, report: &T, markdown: &str) -> Result<()> {
        if self.json {
            return self.json(report);
        }
        println!("{markdown}");
        Ok(())
    }

    /// Errors go to stderr in Persian; with `--json` also to stdout as
    /// `{"error": {"code", "message", "fields": [...]}}`.
    pub fn error(&mut self, e: &Error) {
        tracing::debug!(error = ?e, "command failed");
        eprintln!("خطا: {e}");
        if self.json {
            let body = serde_json::json!({ "error": taavon_core::error::ErrorBody::from(e) });
            println!("{body}");
        }
    }
}

fn page_footer(total: u64, page: u32, size: u32, shown: usize) {
    let pages = total.div_ceil(u64::from(size.max(1)));
    println!(
        "{} مورد از {} — صفحه {} از {}",
        fa(&shown.to_string()),
        fa(&total.to_string()),
        fa(&page.to_string()),
        fa(&pages.max(1).to_string())
    );
}

fn person_pairs(p: &PersonView) -> Vec<(&'static str, String)> {
    vec![
        ("کد ملی", fa(&p.national_code)),
        ("نام", p.first_name.clone()),
        ("نام خانوادگی", p.last_name.clone()),
        ("نام پدر", opt(&p.father_name)),
        ("جنسیت", opt(&p.gender_label)),
        ("تاریخ تولد", opt(&p.birth_date_jalali)),
        ("تحصیلات", opt(&p.education_label)),
        ("همراه", opt(&p.mobile)),
    ]
}

fn org_pairs(o: &OrgView) -> Vec<(&'static str, String)> {
    vec![
        ("نام", o.name.clone()),
        ("نوع", o.kind_label.clone()),
        ("شناسه ملی", opt(&o.national_id)),
        ("شماره ثبت", opt(&o.registration_no)),
        ("زمینه فعالیت", o.field_label.clone()),
        ("گرایش", opt(&o.orientation)),
        ("شهرستان", opt(&o.county)),
        ("تاریخ تأسیس", opt(&o.founded_on_jalali)),
        (
            "تعداد اعضا",
            o.member_count
                .map(|n| fa(&n.to_string()))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "کوچک / نوپا / اینترنتی",
            format!(
                "{} / {} / {}",
                yes_no(o.is_small),
                yes_no(o.is_startup),
                yes_no(o.is_internet)
            ),
        ),
        ("وضعیت", o.status_label.clone()),
    ]
}

/// A one-line progress bar on stderr, shown only on a terminal.
pub struct ProgressBar {
    label: &'static str,
    shown: Option<u64>,
    tty: bool,
}

impl ProgressBar {
    pub fn new(label: &'static str) -> Self {
        ProgressBar {
            label,
            shown: None,
            tty: std::io::stderr().is_terminal(),
        }
    }

    pub fn update(&mut self, done: u64, total: u64) {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if !self.tty || self.shown == Some(percent) {
            return;
        }
        self.shown = Some(percent);
        let filled = (percent / 5) as usize;
        eprint!(
            "\r{} [{}{}] ٪{}",
            self.label,
            "█".repeat(filled),
            "░".repeat(20 - filled),
            fa(&percent.to_string())
        );
        let _ = std::io::stderr().flush();
    }

    pub fn finish(&mut self) {
        if self.tty && self.shown.is_some() {
            eprintln!();
        }
    }
}
