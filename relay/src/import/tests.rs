//! The readers on files made here: typed cells, formulas, merged cells,
//! encodings, and every kind of file refused with its reason.

use std::io::{Cursor, Read, Write};

use concord_model::import::{CellMark, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, Mark};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use super::*;

fn xlsx(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut book = Workbook::new();
    build(&mut book);
    book.save_to_buffer().unwrap()
}

/// The workbook with one of its parts rewritten.
fn rewrite(bytes: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut from = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut entry = from.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn texts(grid: &Grid) -> Vec<Vec<&str>> {
    grid.rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn xlsx_cells_come_as_typed_text_from_the_first_worksheet() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet().set_name("任务").unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        sheet.write(0, 0, "任务").unwrap();
        sheet.write(0, 1, "截止日期").unwrap();
        sheet.write(0, 2, "预算").unwrap();
        sheet.write(0, 3, "开会").unwrap();
        sheet.write(0, 4, "风险").unwrap();
        sheet.write(1, 0, "写方案").unwrap();
        let day = ExcelDateTime::from_ymd(2026, 3, 5).unwrap();
        sheet.write_datetime_with_format(1, 1, &day, &date).unwrap();
        sheet.write(1, 2, 0.1 + 0.2).unwrap();
        let at = ExcelDateTime::parse_from_str("2026-03-05 14:30").unwrap();
        sheet.write_datetime_with_format(1, 3, &at, &when).unwrap();
        sheet.write(1, 4, true).unwrap();
        sheet.write(2, 2, 1234.0).unwrap();
        book.add_worksheet()
            .set_name("其他")
            .unwrap()
            .write(0, 0, "x")
            .unwrap();
    });
    let grid = read_grid(&bytes, None).unwrap();
    assert_eq!(grid.sheet, "任务");
    assert_eq!(grid.sheets, ["任务", "其他"]);
    assert_eq!(
        texts(&grid),
        [
            vec!["任务", "截止日期", "预算", "开会", "风险"],
            vec!["写方案", "2026-03-05", "0.3", "2026-03-05 14:30", "TRUE"],
            vec!["", "", "1234", "", ""],
        ]
    );
    assert!(grid.marks.is_empty());
    let other = read_grid(&bytes, Some("其他")).unwrap();
    assert_eq!(texts(&other), [vec!["x"]]);
    assert_eq!(
        read_grid(&bytes, Some("nope")),
        Err(GridError::NoSuchSheet("nope".into()))
    );
}

#[test]
fn formulas_give_their_kept_values_and_are_never_computed() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet();
        sheet.write(0, 0, 2).unwrap();
        sheet
            .write_formula(0, 1, Formula::new("A1*21").set_result("42"))
            .unwrap();
        sheet
            .write_formula(0, 2, Formula::new("A1*3").set_result("999"))
            .unwrap();
        sheet
            .write_formula(0, 3, Formula::new("A1/0").set_result("#DIV/0!"))
            .unwrap();
    });
    // The third formula's kept value is removed, as by a program that
    // writes formulas without computing them; the fourth is an error.
    let bytes = rewrite(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("<f>A1*3</f><v>999</v>", "<f>A1*3</f>").replace(
            r#"><f>A1/0</f><v>#DIV/0!</v>"#,
            r#" t="e"><f>A1/0</f><v>#DIV/0!</v>"#,
        )
    });
    let grid = read_grid(&bytes, None).unwrap();
    assert_eq!(texts(&grid), [vec!["2", "42", "", "#DIV/0!"]]);
    assert_eq!(
        grid.marks,
        [
            CellMark {
                row: 0,
                column: 2,
                mark: Mark::NoCachedValue
            },
            CellMark {
                row: 0,
                column: 3,
                mark: Mark::ErrorValue
            },
        ]
    );
}

#[test]
fn merged_cells_all_hold_the_first_ones_value_and_say_so() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet();
        let plain = Format::new();
        // A title across every column there is, and far beyond.
        sheet
            .merge_range(0, 0, 0, 500, "2026 任务表", &plain)
            .unwrap();
        sheet.write(1, 0, "部门").unwrap();
        sheet.write(1, 1, "任务").unwrap();
        sheet.merge_range(2, 0, 3, 0, "销售部", &plain).unwrap();
        sheet.write(2, 1, "a").unwrap();
        sheet.write(3, 1, "b").unwrap();
    });
    let grid = read_grid(&bytes, None).unwrap();
    assert_eq!(
        texts(&grid),
        [
            vec!["2026 任务表", "2026 任务表"],
            vec!["部门", "任务"],
            vec!["销售部", "a"],
            vec!["销售部", "b"],
        ],
        "the title fills only the columns the sheet uses"
    );
    assert!(grid.marks.contains(&CellMark {
        row: 3,
        column: 0,
        mark: Mark::Merged { row: 2, column: 0 }
    }));
    assert_eq!(grid.marks.len(), 2);
}

#[test]
fn too_many_columns_or_rows_are_refused_as_soon_as_they_come() {
    let wide = xlsx(|book| {
        let sheet = book.add_worksheet();
        sheet.write(0, 0, "a").unwrap();
        sheet.write(0, 5_000, "far right").unwrap();
    });
    assert_eq!(read_grid(&wide, None), Err(GridError::TooManyColumns));
    let tall = xlsx(|book| {
        let sheet = book.add_worksheet();
        for row in 0..=MAX_IMPORT_ROWS as u32 + 1 {
            sheet.write(row, 0, row).unwrap();
        }
    });
    assert_eq!(read_grid(&tall, None), Err(GridError::TooManyRows));
    // Formatting alone far away (an empty styled cell) is no content.
    let styled = xlsx(|book| {
        let sheet = book.add_worksheet();
        sheet.write(0, 0, "a").unwrap();
        sheet
            .write_blank(900_000, 16_000, &Format::new().set_bold())
            .unwrap();
    });
    assert_eq!(texts(&read_grid(&styled, None).unwrap()), [vec!["a"]]);
    let wide_csv = format!("{}\n", vec!["x"; MAX_IMPORT_COLUMNS + 1].join(","));
    assert_eq!(
        read_grid(wide_csv.as_bytes(), None),
        Err(GridError::TooManyColumns)
    );
    // Trailing empty cells (Excel writes them) are not columns.
    let padded = format!("a,b{}\n", ",".repeat(5_000));
    assert_eq!(
        texts(&read_grid(padded.as_bytes(), None).unwrap()),
        [vec!["a", "b"]]
    );
    let tall_csv = "x\n".repeat(MAX_IMPORT_ROWS + 2);
    assert_eq!(
        read_grid(tall_csv.as_bytes(), None),
        Err(GridError::TooManyRows)
    );
}

/// The smallest OLE compound file with the two streams Office writes for
/// a workbook encrypted with a password (their contents do not matter to
/// knowing it is one).
fn encrypted_workbook() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let mut file = vec![0u8; 512 * 3];
    file[..8].copy_from_slice(OLE_MAGIC_FOR_TESTS);
    file[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    file[26..28].copy_from_slice(&3u16.to_le_bytes());
    file[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    file[30..32].copy_from_slice(&9u16.to_le_bytes());
    file[32..34].copy_from_slice(&6u16.to_le_bytes());
    file[44..48].copy_from_slice(&1u32.to_le_bytes());
    file[48..52].copy_from_slice(&1u32.to_le_bytes());
    file[60..64].copy_from_slice(&END.to_le_bytes());
    file[68..72].copy_from_slice(&END.to_le_bytes());
    file[76..512].fill(0xFF);
    file[76..80].copy_from_slice(&0u32.to_le_bytes());
    // Sector 0: the FAT (itself, then the directory's one sector).
    let fat = &mut file[512..1024];
    fat.fill(0xFF);
    fat[..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    fat[4..8].copy_from_slice(&END.to_le_bytes());
    // Sector 1: the directory.
    for (i, name) in ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
        .iter()
        .enumerate()
    {
        let entry = &mut file[1024 + i * 128..1024 + (i + 1) * 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry[..utf16.len()].copy_from_slice(&utf16);
        entry[64..66].copy_from_slice(&((utf16.len() + 2) as u16).to_le_bytes());
        entry[66] = if i == 0 { 5 } else { 2 };
        entry[116..120].copy_from_slice(&END.to_le_bytes());
    }
    file
}

const OLE_MAGIC_FOR_TESTS: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

#[test]
fn encrypted_damaged_and_foreign_files_are_refused_with_their_reason() {
    assert_eq!(
        read_grid(&encrypted_workbook(), None),
        Err(GridError::PasswordProtected)
    );
    let mut old_xls = encrypted_workbook();
    old_xls[1024 + 128..1024 + 3 * 128].fill(0);
    assert!(matches!(
        read_grid(&old_xls, None),
        Err(GridError::NotASpreadsheet(why)) if why.contains(".xls")
    ));
    let good = xlsx(|book| {
        book.add_worksheet().write(0, 0, "a").unwrap();
    });
    let truncated = &good[..good.len() / 2];
    assert!(matches!(
        read_grid(truncated, None),
        Err(GridError::NotASpreadsheet(_))
    ));
    let no_sheet_xml = rewrite(&good, "xl/worksheets/sheet1.xml", |_| "<worksheet".into());
    assert!(matches!(
        read_grid(&no_sheet_xml, None),
        Err(GridError::NotASpreadsheet(_))
    ));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert!(matches!(
        read_grid(png, None),
        Err(GridError::NotASpreadsheet(_))
    ));
    assert_eq!(read_grid(b"", None), Err(GridError::Empty));
    assert_eq!(read_grid(b" \r\n", None), Err(GridError::Empty));
    assert_eq!(read_grid(b",,\n,,\n", None), Err(GridError::Empty));
    let blank_sheet = xlsx(|book| {
        book.add_worksheet();
    });
    assert_eq!(read_grid(&blank_sheet, None), Err(GridError::Empty));
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read() {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let fast = zip::write::SimpleFileOptions::default()
        .compression_level(Some(1))
        .large_file(true);
    out.start_file("xl/sharedStrings.xml", fast).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..=(xlsx_grid::MAX_UNPACKED_BYTES >> 20) {
        out.write_all(&zeros).unwrap();
    }
    let bomb = out.finish().unwrap().into_inner();
    assert!(bomb.len() < concord_model::import::MAX_IMPORT_BYTES);
    assert!(matches!(
        read_grid(&bomb, None),
        Err(GridError::UnpacksTooLarge(_))
    ));
}

#[test]
fn csv_in_utf8_gbk_or_utf16_with_commas_tabs_or_semicolons() {
    let text = "任务,负责人,截止日期\n\"写方案, 第一版\",王博,2026-03-05\n\"两行\n备注\",李娜,\n";
    let expected = [
        vec!["任务", "负责人", "截止日期"],
        vec!["写方案, 第一版", "王博", "2026-03-05"],
        vec!["两行\n备注", "李娜", ""],
    ];
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for bytes in [text.as_bytes(), &with_bom, &gbk, &utf16] {
        let grid = read_grid(bytes, None).unwrap();
        assert_eq!(texts(&grid), expected, "{:?}", &bytes[..4]);
        assert_eq!(grid.sheet, "");
    }
    let tabs = read_grid("a\tb\tc,d\n1\t2\t3\n".as_bytes(), None).unwrap();
    assert_eq!(texts(&tabs), [vec!["a", "b", "c,d"], vec!["1", "2", "3"]]);
    let semicolons = read_grid("a;b\n\"1;0\";2\n".as_bytes(), None).unwrap();
    assert_eq!(texts(&semicolons), [vec!["a", "b"], vec!["1;0", "2"]]);
    let ragged = read_grid("a,b,c\n1\n".as_bytes(), None).unwrap();
    assert_eq!(texts(&ragged), [vec!["a", "b", "c"], vec!["1", "", ""]]);
}
