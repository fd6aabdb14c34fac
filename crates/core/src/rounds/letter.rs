//! The data of the cover letter and the sign-in sheets of a round.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CourseCount {
    pub course_title: String,
    pub course_code: Option<String>,
    pub people: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct SignInRow {
    pub full_name: String,
    pub national_code: String,
    pub organization_name: String,
    pub mobile: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct SignInSheet {
    pub course_title: String,
    pub course_code: Option<String>,
    pub rows: Vec<SignInRow>,
}

/// Everything the printed cover letter and sign-in sheets say.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RoundLetter {
    pub office: String,
    pub letterhead: Vec<String>,
    pub recipient: String,
    pub letter_no: Option<String>,
    /// Jalali: the sent date, or today.
    pub date_jalali: String,
    pub round_number: i64,
    pub month_label: String,
    pub people: i64,
    pub cooperatives: i64,
    pub courses: Vec<CourseCount>,
    pub signer_name: String,
    pub signer_title: String,
    pub file_name: String,
    pub sign_in: Vec<SignInSheet>,
}

pub fn round_letter(conn: &Connection, round_id: i64) -> Result<RoundLetter> {
    let round = get_round(conn, round_id)?;
    let s = settings::get(conn)?;
    let rows = sheet_rows(conn, round_id)?;
    let mut sign_in: Vec<SignInSheet> = Vec::new();
    for r in &rows {
        if sign_in
            .last()
            .is_none_or(|s| s.course_title != r.course_title)
        {
            sign_in.push(SignInSheet {
                course_title: r.course_title.clone(),
                course_code: r.course_code.clone(),
                rows: Vec::new(),
            });
        }
        if let Some(sheet) = sign_in.last_mut() {
            sheet.rows.push(SignInRow {
                full_name: r.full_name(),
                national_code: r.national_code.clone(),
                organization_name: r.organization_name.clone(),
                mobile: r.mobile.clone(),
            });
        }
    }
    Ok(RoundLetter {
        office: s.office,
        letterhead: s.letterhead.lines().map(str::to_owned).collect(),
        recipient: s.tvto_office,
        letter_no: round.letter_no.clone(),
        date_jalali: round
            .sent_on_jalali
            .clone()
            .unwrap_or_else(|| to_jalali(today()).to_ascii()),
        round_number: round.number,
        month_label: round.month_label.clone(),
        people: round.people,
        cooperatives: round.cooperatives,
        courses: sign_in
            .iter()
            .map(|s| CourseCount {
                course_title: s.course_title.clone(),
                course_code: s.course_code.clone(),
                people: s.rows.len() as i64,
            })
            .collect(),
        signer_name: s.signer_name,
        signer_title: s.signer_title,
        file_name: round.file_name,
        sign_in,
    })
}
