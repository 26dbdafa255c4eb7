//! The courier's CSV as the server reads it (`server::courier_csv`), natively: the separator is
//! sniffed from the first line (`,`, `;` or tab), quoted cells follow RFC 4180, and every line
//! keeps its number in the file, refused or not. The line rules themselves are the domain's
//! (`tests/team_writes_rules.rs`).
#![cfg(not(target_arch = "wasm32"))]

use orchard::domain::{TrackingLine, WriteRefusal};
use orchard::server::courier_csv::{separator, TrackingUpload};

/// The lines to apply, each as `"line id number"`.
fn applied(upload: &TrackingUpload) -> Vec<String> {
    let line = |l: &TrackingLine| format!("{} {} {}", l.line, l.id, l.number.as_str());
    upload.lines.iter().map(line).collect()
}

#[test]
fn the_separator_is_the_one_the_first_line_holds_most_outside_quotes() {
    let cases: [(&str, u8); 7] = [
        ("order_id,tracking_number\n", b','),
        ("order_id;tracking_number\r\n", b';'),
        ("order_id\ttracking_number\n", b'\t'),
        ("\n\n  \r\n7KQ2M9XD4PRA;SF1234567890\n", b';'),
        ("\"a;b;c\",d\n", b','),
        ("\"a,b\";c\n", b';'),
        ("7KQ2M9XD4PRA\n", b','),
    ];
    for (body, want) in cases {
        assert_eq!(separator(body.as_bytes()) as char, want as char, "{body:?}");
    }
}

#[test]
fn a_semicolon_file_with_quoted_cells_gives_its_lines_by_number() {
    let body =
        "\u{feff}\"order_id\";\"tracking_number\"\r\n\"7KQ2M9XD4PRA\";\"SF1234567890\"\r\n\r\n\
                B8R3N0YE5QSB ; \"YT-2026-001\" \r\n\"7KQ2M9XD4PRA\";\"SF\"\"1234\"\r\n";
    let upload = TrackingUpload::parse(body.as_bytes());
    assert_eq!(
        applied(&upload),
        ["2 7KQ2M9XD4PRA SF1234567890", "4 B8R3N0YE5QSB YT-2026-001"]
    );
    assert_eq!(
        upload.refused.into_iter().collect::<Vec<_>>(),
        [(5, WriteRefusal::Invalid)],
        "a `\"\"` escape is a quote in the number, which a number never holds"
    );
}

#[test]
fn a_tab_file_reads_like_a_comma_file() {
    let tabs = TrackingUpload::parse(b"order_id\ttracking_number\n7KQ2M9XD4PRA\tSF1234567890\n");
    let commas = TrackingUpload::parse(b"order_id,tracking_number\n7KQ2M9XD4PRA,SF1234567890\n");
    assert_eq!(tabs, commas);
    assert_eq!(applied(&tabs), ["2 7KQ2M9XD4PRA SF1234567890"]);
}

#[test]
fn a_quoted_cell_over_two_lines_is_refused_by_the_line_it_starts_on_and_the_count_goes_on() {
    let body = "7KQ2M9XD4PRA,\"SF12\n34\"\nB8R3N0YE5QSB,YT0000000001\n";
    let upload = TrackingUpload::parse(body.as_bytes());
    assert_eq!(applied(&upload), ["3 B8R3N0YE5QSB YT0000000001"]);
    assert_eq!(
        upload.refused.into_iter().collect::<Vec<_>>(),
        [(1, WriteRefusal::Invalid)]
    );
}

#[test]
fn a_separator_inside_quotes_is_text_not_a_third_cell() {
    let upload = TrackingUpload::parse(b"\"7KQ2M9XD4PRA\";\"SF;1234\"\n7KQ2M9XD4PRA;\"SF-1234\"\n");
    assert_eq!(applied(&upload), ["2 7KQ2M9XD4PRA SF-1234"]);
    assert_eq!(
        upload.refused.into_iter().collect::<Vec<_>>(),
        [(1, WriteRefusal::Invalid)],
        "two cells, the second a number with a `;` in it"
    );
}

/// The lines to apply, as (line, id, number).
fn applied_parts(upload: &TrackingUpload) -> Vec<(usize, &str, &str)> {
    upload
        .lines
        .iter()
        .map(|l| (l.line, l.id.as_str(), l.number.as_str()))
        .collect()
}

#[test]
fn a_courier_csv_with_bom_header_and_crlf_gives_its_lines_by_number() {
    let body = "\u{feff}order_id,tracking_number\r\n7KQ2M9XD4PRA,SF1234567890\r\n\r\n\"B8R3N0YE5QSB\" , \"YT-2026-001\"\r\n";
    let upload = TrackingUpload::parse(body.as_bytes());
    assert_eq!(
        applied_parts(&upload),
        [
            (2, "7KQ2M9XD4PRA", "SF1234567890"),
            (4, "B8R3N0YE5QSB", "YT-2026-001")
        ]
    );
    assert!(upload.refused.is_empty());
    let plain = TrackingUpload::parse(b"7KQ2M9XD4PRA,SF1234567890\n");
    assert_eq!(applied_parts(&plain), [(1, "7KQ2M9XD4PRA", "SF1234567890")]);
}

#[test]
fn a_bad_courier_line_is_refused_by_its_number_and_the_others_stand() {
    let body = [
        "order_id,tracking_number",
        "7KQ2M9XD4PRA,SF1234567890",
        "7KQ2M9XD4PRA",
        "7KQ2M9XD4PRA,SF1,extra",
        "7KQ2M9XD4PRA,SF1",
        &format!("7KQ2M9XD4PRA,{}", "9".repeat(41)),
        "7KQ2M9XD4PRA,SF 123456",
        "not-an-id,SF1234567890",
        "order_id,tracking_number",
        &format!("B8R3N0YE5QSB,{}", "9".repeat(40)),
    ]
    .join("\n");
    let mut bytes = body.into_bytes();
    bytes.extend_from_slice(b"\nB8R3N0YE5QSB,SF\xff\xfe1234\n");
    let upload = TrackingUpload::parse(&bytes);
    let refused: Vec<usize> = upload.refused.keys().copied().collect();
    assert_eq!(refused, [3, 4, 5, 6, 7, 8, 9, 11]);
    assert!(upload.refused.values().all(|r| *r == WriteRefusal::Invalid));
    let forty = "9".repeat(40);
    assert_eq!(
        applied_parts(&upload),
        [
            (2, "7KQ2M9XD4PRA", "SF1234567890"),
            (10, "B8R3N0YE5QSB", forty.as_str())
        ]
    );
}
