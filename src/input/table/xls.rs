//! Input stage: how much memory calamine's XLS reader would take for a workbook, worked out
//! from its records before the reader sees it.
//!
//! calamine reads an XLS workbook (Excel 97–2003, BIFF records in an OLE container) whole
//! when it opens it: it copies the container and its Workbook stream, then lays every sheet
//! out as a grid from its first cell to its last, for the values and again for the formulas.
//! One cell at IV65536 makes a 0.5 GB grid, and three such sheets 3.4 GB; a damaged container
//! can make it loop or allocate without end. So the container is walked here as calamine walks
//! it (`cfb.rs` and `xls.rs` in calamine 0.38: the same sectors, chains and streams, the same
//! records turned into cells and formulas), adding up an upper bound of what it allocates.
//! Where calamine would stop with an error, so does the count; where it would loop or index
//! past the end, the file is refused as damaged.

use std::borrow::Cow;

/// calamine's sector markers.
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

/// Bytes calamine holds for one value cell in its list of cells (`Cell<Data>`), in a grid
/// (`Data`), for one formula in its list (`Cell<String>`) and in a grid (`String`), and for
/// one text in its table of texts (`String`).
const CELL: u64 = 40;
const GRID_CELL: u64 = 32;
const FORMULA_CELL: u64 = 32;
const GRID_FORMULA: u64 = 24;
const TEXT: u64 = 24;

/// How many CONTINUE records may follow one record: calamine takes each off the front of a
/// list, so its time grows as their count squared. A real table of texts has one for each
/// 8 KB (16,384 is 130 MB of texts).
const MAX_CONTINUES: usize = 16_384;

const DAMAGED: &str = "the workbook is damaged: its container does not hold what it says";

/// Why counting stopped early: the cost passed the limit (the count so far says by how much).
const OVER: &str = "over the limit";

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A `Vec` grown by pushing `n` items of `size` bytes: its capacity doubles.
fn grown(n: u64, size: u64) -> u64 {
    n.max(1).next_power_of_two().saturating_mul(size)
}

/// An upper bound of the bytes reading the workbook takes, the file itself included, or why
/// it cannot be read. Counting stops once it passes `limit`.
pub(super) fn read_cost(bytes: &[u8], limit: u64) -> Result<u64, String> {
    let mut cost = Cost {
        total: bytes.len() as u64,
        limit,
    };
    let stream = match workbook_stream(bytes, &mut cost) {
        Ok(Some(stream)) => stream,
        Ok(None) => return Ok(cost.total),
        Err(e) if e == OVER => return Ok(cost.total),
        Err(e) => return Err(e),
    };
    cost.add(grown(stream.len() as u64, 1));
    if cost.over() {
        return Ok(cost.total);
    }
    records_cost(&stream, cost)
}

struct Cost {
    total: u64,
    limit: u64,
}

impl Cost {
    fn add(&mut self, bytes: u64) {
        self.total = self.total.saturating_add(bytes);
    }

    fn over(&self) -> bool {
        self.total > self.limit
    }
}

/// calamine's view of the container's sectors (its `Sectors`): the file after the header,
/// read as far as the highest sector asked for, with zeros past the end of the file once a
/// read has gone past it.
struct Sectors<'a> {
    file: &'a [u8],
    size: usize,
    maxid: u32,
    /// How far calamine's copy has grown.
    len: usize,
}

impl<'a> Sectors<'a> {
    fn get(&mut self, id: u32) -> Result<Cow<'a, [u8]>, String> {
        if self.maxid < id {
            return Err(DAMAGED.to_string());
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        // The file after the header, which calamine reads in order.
        let after = self.file.get(self.size..).unwrap_or_default();
        let mut short = None;
        if end > self.len {
            let filled = after.len().min(end).max(self.len);
            self.len = end;
            if filled < end {
                short = Some(filled);
            }
        }
        let stop = short.unwrap_or(end);
        if start > stop {
            // calamine slices backwards here and panics.
            return Err(DAMAGED.to_string());
        }
        let mut sector = after
            .get(start.min(after.len())..stop.min(after.len()))
            .unwrap_or_default()
            .to_vec();
        sector.resize(stop - start, 0);
        Ok(Cow::Owned(sector))
    }

    /// A chain of sectors up to `len` bytes, as calamine's `get_chain` follows it, counting
    /// what it holds: a chain that loops is followed until `len` (or refused when that
    /// passes the limit).
    fn chain(
        &mut self,
        mut id: u32,
        fats: &[u32],
        len: usize,
        cost: &mut Cost,
    ) -> Result<Vec<u8>, String> {
        let mut chain = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            let sector = self.get(id)?;
            let remaining = len - chain.len();
            let take = sector.len().min(remaining);
            chain.extend_from_slice(&sector[..take]);
            if chain.len() >= len {
                break;
            }
            steps += 1;
            // Without a length to stop it, a chain that loops never ends in calamine.
            if len == usize::MAX && steps > self.maxid as usize + 1 {
                return Err(DAMAGED.to_string());
            }
            if chain.len() as u64 > cost.limit {
                cost.add(chain.len() as u64);
                return Err(OVER.to_string());
            }
            id = *fats.get(id as usize).ok_or(DAMAGED)?;
        }
        cost.add(grown(chain.len() as u64, 1));
        Ok(chain)
    }
}

fn to_u32(sector: &[u8]) -> Result<impl Iterator<Item = u32> + '_, String> {
    if !sector.len().is_multiple_of(4) {
        return Err(DAMAGED.to_string());
    }
    Ok(sector
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
}

/// The Workbook (or Book) stream as calamine's `Cfb` finds it, counting what the container
/// costs; none when the cost is over the limit already.
fn workbook_stream(file: &[u8], cost: &mut Cost) -> Result<Option<Vec<u8>>, String> {
    if file.len() < 512 {
        return Err("this is not an Excel workbook (its container is too small)".to_string());
    }
    let version = u16_at(file, 26).ok_or(DAMAGED)?;
    let size = match u16_at(file, 30).ok_or(DAMAGED)? {
        0x0009 => 512,
        0x000C if file.len() >= 4096 => 4096,
        _ => return Err(DAMAGED.to_string()),
    };
    if u16_at(file, 32) != Some(6) {
        return Err(DAMAGED.to_string());
    }
    let dir_start = u32_at(file, 48).ok_or(DAMAGED)?;
    let mini_fat_start = u32_at(file, 60).ok_or(DAMAGED)?;
    let mini_fat_len = u32_at(file, 64).ok_or(DAMAGED)? as usize;
    let difat_start = u32_at(file, 68).ok_or(DAMAGED)?;
    let mut difat: Vec<u32> = to_u32(&file[76..512])?.collect();
    let maxid = file.len() / size;
    let mut sectors = Sectors {
        file,
        size,
        maxid: maxid as u32,
        len: 0,
    };

    let mut id = difat_start;
    let mut difat_sectors = 0usize;
    while id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > maxid.saturating_add(1) {
            return Err(DAMAGED.to_string());
        }
        difat.extend(to_u32(&sectors.get(id)?)?);
        id = difat.pop().ok_or(DAMAGED)?;
    }
    cost.add(grown(difat.len() as u64, 4));

    // The FAT: every sector the DIFAT lists, a listed sector as often as it is listed.
    let listed: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    cost.add(grown(listed.len() as u64 * size as u64 / 4, 4));
    if cost.over() {
        return Ok(None);
    }
    let mut fats = Vec::new();
    for id in listed {
        fats.extend(to_u32(&sectors.get(id)?)?);
    }

    let dirs = sectors.chain(dir_start, &fats, usize::MAX, cost)?;
    // Each directory entry, with its name.
    let entries: Vec<(String, u32, usize)> = dirs
        .chunks(128)
        .filter(|c| c.len() == 128)
        .map(|c| {
            let mut name = encoding_rs::UTF_16LE.decode(&c[..64]).0.into_owned();
            if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
                name.truncate(l);
            }
            let start = u32::from_le_bytes([c[116], c[117], c[118], c[119]]);
            let len = if size == 512 {
                u32::from_le_bytes([c[120], c[121], c[122], c[123]]) as usize
            } else {
                u64::from_le_bytes(c[120..128].try_into().unwrap_or_default()) as usize
            };
            (name, start, len)
        })
        .collect();
    cost.add(grown(entries.len() as u64, 40 + 96));
    if entries.is_empty() || (version != 3 && entries[0].1 == ENDOFCHAIN) {
        return Err(DAMAGED.to_string());
    }
    let (ministream, mini_fats) = if mini_fat_len > 0 {
        let ministream = sectors.chain(entries[0].1, &fats, entries[0].2, cost)?;
        let minifat = sectors.chain(
            mini_fat_start,
            &fats,
            mini_fat_len.saturating_mul(size),
            cost,
        )?;
        cost.add(grown(minifat.len() as u64 / 4, 4));
        let mini_fats: Vec<u32> = to_u32(&minifat)?.collect();
        (ministream, mini_fats)
    } else {
        (Vec::new(), Vec::new())
    };
    // calamine's copy of the sectors it read.
    cost.add(grown(sectors.len as u64, 1));
    if cost.over() {
        return Ok(None);
    }

    let stream = |name: &str, sectors: &mut Sectors, cost: &mut Cost| {
        let Some(&(_, start, len)) = entries
            .iter()
            .find(|(n, _, _)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Err("the file holds no workbook (no Workbook stream)".to_string());
        };
        if len < 4096 {
            mini_chain(&ministream, &mini_fats, start, len, maxid * 8)
        } else {
            sectors.chain(start, &fats, len, cost)
        }
    };
    stream("Workbook", &mut sectors, cost)
        .or_else(|_| stream("Book", &mut sectors, cost))
        .map(Some)
}

/// A chain of 64-byte sectors in the mini stream. calamine reads a mini sector past the end
/// of the mini stream from wherever the file happens to be: such a file is refused.
fn mini_chain(
    ministream: &[u8],
    mini_fats: &[u32],
    mut id: u32,
    len: usize,
    maxid: usize,
) -> Result<Vec<u8>, String> {
    let mut chain = Vec::new();
    while id != ENDOFCHAIN {
        if id as usize > maxid {
            return Err(DAMAGED.to_string());
        }
        let start = id as usize * 64;
        let sector = ministream.get(start..start + 64).ok_or(DAMAGED)?;
        let take = sector.len().min(len - chain.len());
        chain.extend_from_slice(&sector[..take]);
        if chain.len() >= len {
            break;
        }
        id = *mini_fats.get(id as usize).ok_or(DAMAGED)?;
    }
    Ok(chain)
}

/// One BIFF record, with the data of the CONTINUE records after it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// calamine's `RecordIter`: `None` at the end of the stream, an error where calamine stops.
fn next_record<'a>(stream: &mut &'a [u8]) -> Option<Result<Record<'a>, ()>> {
    if stream.len() < 4 {
        return if stream.is_empty() {
            None
        } else {
            Some(Err(()))
        };
    }
    let typ = u16::from_le_bytes([stream[0], stream[1]]);
    let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
    if stream.len() < len + 4 {
        return Some(Err(()));
    }
    let (data, next) = stream.split_at(len + 4);
    *stream = next;
    let mut cont = Vec::new();
    while stream.len() > 4 && u16::from_le_bytes([stream[0], stream[1]]) == 0x003C {
        let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
        if stream.len() < len + 4 {
            return Some(Err(()));
        }
        let (part, next) = stream.split_at(len + 4);
        cont.push(&part[4..]);
        *stream = next;
    }
    Some(Ok(Record {
        typ,
        data: &data[4..],
        cont,
    }))
}

/// The table of texts (SST), as calamine parses it: for each text the bytes a copy of it
/// takes, or none where calamine stops with an error.
fn texts<'a>(record: &Record<'a>, cost: &mut Cost) -> Option<Vec<u32>> {
    let mut data = record.data.get(8..)?;
    let mut cont = record.cont.iter();
    let mut next = |data: &mut &'a [u8]| cont.next().map(|c| *data = c).is_some();
    let mut lens = Vec::new();
    loop {
        if data.is_empty() && !next(&mut data) {
            break;
        }
        if data.is_empty() {
            lens.push(0);
            cost.add(TEXT * 2);
            continue;
        }
        if data.len() < 3 {
            return None;
        }
        let mut chars = u16::from_le_bytes([data[0], data[1]]) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut high = flags & 1 != 0;
        let runs = if flags & 8 != 0 {
            let runs = u16_at(data, 0)? as usize;
            data = &data[2..];
            runs
        } else {
            0
        };
        let ext = if flags & 4 != 0 {
            let ext = u32_at(data, 0)? as i32 as usize;
            data = &data[4..];
            ext
        } else {
            0
        };
        // calamine sets `chars` bytes aside, then grows the text as it decodes it.
        let mut utf8 = 0u64;
        let capacity = chars as u64;
        while chars > 0 {
            let took = if high {
                (data.len() / 2).min(chars)
            } else {
                data.len().min(chars)
            };
            data = &data[if high { took * 2 } else { took }..];
            utf8 += took as u64 * if high { 3 } else { 2 };
            chars -= took;
            if chars > 0 {
                if !next(&mut data) {
                    return None;
                }
                high = *data.first()? & 1 != 0;
                data = &data[1..];
            }
        }
        for mut skip in [runs.saturating_mul(4), ext] {
            while skip > 0 {
                if data.is_empty() && !next(&mut data) {
                    return None;
                }
                let l = skip.min(data.len());
                data = &data[l..];
                skip -= l;
            }
        }
        lens.push(utf8.min(u32::MAX as u64) as u32);
        cost.add(TEXT * 2 + capacity.max(utf8).saturating_mul(2));
        if cost.over() {
            return Some(lens);
        }
    }
    Some(lens)
}

/// One sheet's cells as calamine gathers them.
#[derive(Default)]
struct Sheet {
    cells: Grid,
    formulas: Grid,
    /// Cells set aside by the sheet's DIMENSIONS records.
    reserved: u64,
    /// Bytes of the texts its cells hold, and of its formulas' text.
    cell_texts: u64,
    formula_texts: u64,
    merged: u64,
}

/// Where cells are: how many, and the box from the first to the last.
#[derive(Default)]
struct Grid {
    count: u64,
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Grid {
    fn add(&mut self, (row, column): (u32, u32)) {
        self.count += 1;
        let widen = |span: Option<(u32, u32)>, at: u32| {
            Some(span.map_or((at, at), |(a, b)| (a.min(at), b.max(at))))
        };
        self.rows = widen(self.rows, row);
        self.columns = widen(self.columns, column);
    }

    /// The cells `Range::from_sparse` lays out.
    fn area(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (r1 as u64 - r0 as u64 + 1).saturating_mul(c1 as u64 - c0 as u64 + 1)
            }
            _ => 0,
        }
    }
}

impl Sheet {
    /// Bytes the sheet holds once read (its grids and their texts).
    fn kept(&self) -> u64 {
        (self.cells.area().saturating_mul(GRID_CELL))
            .saturating_add(self.formulas.area().saturating_mul(GRID_FORMULA))
            .saturating_add(self.cell_texts)
            .saturating_add(self.formula_texts)
            .saturating_add(self.merged)
    }

    /// Bytes it takes at most while it is being read, on top of what it keeps: the list of
    /// cells (or what DIMENSIONS set aside) and of formulas.
    fn while_read(&self) -> u64 {
        // Pushing past what DIMENSIONS set aside doubles that.
        let cells = if self.cells.count <= self.reserved {
            self.reserved
        } else {
            grown(self.cells.count, 1).max(self.reserved.saturating_mul(2))
        };
        cells
            .saturating_mul(CELL)
            .max(grown(self.formulas.count, FORMULA_CELL))
    }
}

/// The position in a cell record.
fn at(data: &[u8]) -> Option<(u32, u32)> {
    Some((u16_at(data, 0)? as u32, u16_at(data, 2)? as u32))
}

/// The cost of the workbook's records: the table of texts, then every sheet.
fn records_cost(stream: &[u8], mut cost: Cost) -> Result<u64, String> {
    let mut rest = stream;
    let mut texts_len: Vec<u32> = Vec::new();
    let mut sheets: Vec<usize> = Vec::new();
    // The longest sheet or defined name a formula may name, in bytes.
    let mut longest_name = 0u64;
    while let Some(record) = next_record(&mut rest) {
        let Ok(record) = record else {
            return Ok(cost.total);
        };
        if record.cont.len() > MAX_CONTINUES {
            return Err(format!(
                "the workbook is damaged: a record of it is split into more than {MAX_CONTINUES} pieces"
            ));
        }
        cost.add(grown(record.cont.len() as u64, 16));
        let data = record.data;
        match record.typ {
            0x002F if u16_at(data, 0) != Some(0) => return Ok(cost.total),
            0x013D => cost.add(data.len() as u64 / 2 * 64),
            0x0085 => {
                let Some(pos) = u32_at(data, 0) else {
                    return Ok(cost.total);
                };
                longest_name = longest_name.max(data.len() as u64 * 3);
                cost.add(64 + data.len() as u64 * 6);
                sheets.push(pos as usize);
            }
            0x0018 => {
                longest_name = longest_name.max(*data.get(3).unwrap_or(&0) as u64 * 3);
                cost.add(64 + data.len() as u64 * 32);
            }
            0x0017 => cost.add(data.len() as u64 * 2),
            0x00FC => match texts(&record, &mut cost) {
                Some(lens) => texts_len = lens,
                None => return Ok(cost.total),
            },
            0x000A => break,
            _ => cost.add(8),
        }
        if cost.over() {
            return Ok(cost.total);
        }
    }
    cost.add(grown(texts_len.len() as u64, TEXT));
    let (mut kept, mut largest) = (0u64, 0u64);
    let mut reading = 0u64;
    for pos in sheets {
        let Some(sheet_stream) = stream.get(pos..) else {
            // calamine slices past the end of the stream here and panics.
            return Err(DAMAGED.to_string());
        };
        let (sheet, stopped) = sheet_cost(sheet_stream, &texts_len, longest_name);
        kept = kept.saturating_add(sheet.kept());
        largest = largest.max(sheet.kept());
        reading = reading.max(sheet.while_read());
        if stopped || cost.total.saturating_add(kept) > cost.limit {
            break;
        }
    }
    // Every sheet's grids, one sheet's list of cells while it is read, and the copies of one
    // sheet's grids and texts (the values and the formulas) the reader then takes.
    cost.add(kept);
    cost.add(reading);
    cost.add(largest.saturating_mul(2));
    Ok(cost.total)
}

/// One sheet's cost, and whether calamine stops reading the workbook in it.
fn sheet_cost(mut stream: &[u8], texts: &[u32], longest_name: u64) -> (Sheet, bool) {
    let mut sheet = Sheet::default();
    let mut formula_at = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    while let Some(record) = next_record(&mut stream) {
        let Ok(record) = record else {
            return (sheet, true);
        };
        let data = record.data;
        if depth > 0 {
            match record.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match record.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x0200 => {
                if let Some(cells) = dimensions(data) {
                    sheet.reserved = sheet.reserved.max(sheet.cells.count.saturating_add(cells));
                }
            }
            0x0203 | 0x0205 | 0x027E => {
                if let Some(p) = at(data) {
                    sheet.cells.add(p);
                }
            }
            0x0204 | 0x00D6 => {
                if let Some(p) = at(data) {
                    sheet.cells.add(p);
                    let chars = u16_at(data, 6).unwrap_or(0) as u64;
                    sheet.cell_texts += chars * 4;
                }
            }
            0x0207 => {
                sheet.cells.add(formula_at);
                sheet.cell_texts += u16_at(data, 0).unwrap_or(0) as u64 * 4;
            }
            0x00FD => {
                if let (Some(p), Some(i)) = (at(data), u32_at(data, 6))
                    && let Some(&len) = texts.get(i as usize)
                {
                    sheet.cells.add(p);
                    sheet.cell_texts += len as u64;
                }
            }
            0x00BD => {
                if let (Some((row, first)), Some(last)) = (
                    at(data),
                    data.len().checked_sub(2).and_then(|l| u16_at(data, l)),
                ) && last as u32 >= first
                {
                    for column in first..=last as u32 {
                        sheet.cells.add((row, column));
                    }
                }
            }
            0x00E5 => sheet.merged += u16_at(data, 0).unwrap_or(0) as u64 * 16 * 2,
            0x000A => break,
            0x0006 => {
                if let Some(p) = at(data) {
                    formula_at = p;
                    sheet.cells.add(p);
                    sheet.formulas.add(p);
                    let tokens = data.get(20..).unwrap_or_default();
                    // A token naming a sheet or a defined name writes out the name.
                    let names = tokens
                        .iter()
                        .filter(|b| {
                            matches!(
                                b,
                                0x23 | 0x43
                                    | 0x63
                                    | 0x39
                                    | 0x59
                                    | 0x3a
                                    | 0x5a
                                    | 0x7a
                                    | 0x3b
                                    | 0x5b
                                    | 0x7b
                            )
                        })
                        .count() as u64;
                    let text = 128 + tokens.len() as u64 * 16 + names * longest_name;
                    sheet.formula_texts += text * 2;
                }
            }
            _ => {}
        }
    }
    (sheet, false)
}

/// The cells calamine sets aside for a DIMENSIONS record (rows by columns, as it works them
/// out: a box that ends before it starts wraps round to billions).
fn dimensions(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u16_at(data, 0)? as u32,
            u16_at(data, 2)? as u32,
            u16_at(data, 4)? as u32,
            u16_at(data, 6)? as u32,
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u16_at(data, 8)? as u32,
            u16_at(data, 10)? as u32,
        ),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let ((r0, c0), (r1, c1)) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = r1.wrapping_sub(r0).wrapping_add(1) as u64;
    let columns = c1.wrapping_sub(c0).wrapping_add(1) as u64;
    Some(rows.saturating_mul(columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_as_calamine_works_them_out() {
        // Rows 0..65535, columns 0..255 (BIFF8: rows as 32 bits).
        let mut d = Vec::new();
        for v in [0u32, 65536] {
            d.extend(v.to_le_bytes());
        }
        for v in [0u16, 256, 0] {
            d.extend(v.to_le_bytes());
        }
        assert_eq!(dimensions(&d), Some(65536 * 256));
        // A box ending before it starts.
        let mut d = Vec::new();
        for v in [10u32, 5] {
            d.extend(v.to_le_bytes());
        }
        for v in [0u16, 1, 0] {
            d.extend(v.to_le_bytes());
        }
        assert!(dimensions(&d).unwrap() > 1 << 31);
    }
}
