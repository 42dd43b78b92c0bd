//! Where the app's code goes, per crate: the function bodies of the
//! wasm-bindgen output summed by the crate their names begin with. It reads
//! the module before wasm-opt, which drops the names; the shares are what
//! to compare between runs, the bytes are a little above what ships.

use std::collections::HashMap;

use anyhow::Context;
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// Code bytes of one crate (or a group of functions without a crate name).
#[derive(Debug, PartialEq, Eq)]
pub struct CrateCode {
    pub name: String,
    pub bytes: usize,
}

/// Every crate's code bytes, largest first, and the total.
pub fn code_per_crate(wasm: &[u8]) -> anyhow::Result<(usize, Vec<CrateCode>)> {
    let mut imported_functions = 0u32;
    let mut bodies: Vec<usize> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.context("reading the app's wasm")? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for name in reader {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut per_crate: HashMap<String, usize> = HashMap::new();
    for (at, bytes) in bodies.iter().enumerate() {
        let index = imported_functions + u32::try_from(at)?;
        let name = names.get(&index).map_or("(unnamed)", String::as_str);
        *per_crate.entry(crate_of(name)).or_default() += bytes;
    }
    let mut crates: Vec<CrateCode> = per_crate
        .into_iter()
        .map(|(name, bytes)| CrateCode { name, bytes })
        .collect();
    crates.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    Ok((bodies.iter().sum(), crates))
}

/// The crate a demangled function name belongs to: its first path segment,
/// without a `[hash]` disambiguator. For `<Type as path::Trait>::f`, the
/// type's crate where the type has a path, else (`T`, `u32`, `[T]`) the
/// trait's.
fn crate_of(name: &str) -> String {
    let name = name.trim_start_matches(['<', '&']);
    let name = name.strip_prefix("mut ").unwrap_or(name);
    let name = match name.split_once(" as ") {
        Some((self_type, trait_path)) if !self_type.contains("::") => trait_path,
        _ => name,
    };
    let first = name.split("::").next().unwrap_or(name);
    let first = first
        .trim_start_matches(['<', '&', '['])
        .split(['[', '<', ' ', ';', ']'])
        .next()
        .unwrap_or(first);
    if first.is_empty() {
        "(unnamed)".to_owned()
    } else {
        first.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_to_their_crate() {
        for (name, krate) in [
            ("concord_app::components::home::Home", "concord_app"),
            ("core[c5930c85a12de822]::fmt::write", "core"),
            ("<T as tachys::view::Render>::build", "tachys"),
            (
                "<reactive_graph::signal::RwSignal<T> as core::clone::Clone>::clone",
                "reactive_graph",
            ),
            ("<[T] as core::fmt::Debug>::fmt", "core"),
            ("&mut serde_json::de::Deserializer", "serde_json"),
            ("memcpy", "memcpy"),
            ("", "(unnamed)"),
        ] {
            assert_eq!(crate_of(name), krate, "{name}");
        }
    }

    /// A hand-made module: one imported function, two bodies named by the
    /// name section; the imported function's index is skipped.
    #[test]
    fn bodies_are_summed_per_crate() {
        let wasm = wat_free_module();
        let (total, crates) = code_per_crate(&wasm).unwrap();
        assert_eq!(total, crates.iter().map(|c| c.bytes).sum::<usize>());
        let names: Vec<&str> = crates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["alpha", "beta"]);
        assert!(crates[0].bytes > crates[1].bytes);
    }

    /// (module (import "m" "f" (func)) (func $alpha::a nop nop nop)
    /// (func $beta::b)) with a name section, written byte by byte.
    fn wat_free_module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let section = |wasm: &mut Vec<u8>, id: u8, body: &[u8]| {
            wasm.push(id);
            wasm.push(u8::try_from(body.len()).unwrap());
            wasm.extend_from_slice(body);
        };
        section(&mut wasm, 1, &[1, 0x60, 0, 0]);
        section(&mut wasm, 2, &[1, 1, b'm', 1, b'f', 0, 0]);
        section(&mut wasm, 3, &[2, 0, 0]);
        section(
            &mut wasm,
            10,
            &[2, 5, 0, 0x01, 0x01, 0x01, 0x0b, 2, 0, 0x0b],
        );
        let mut names = vec![4];
        names.extend_from_slice(b"name");
        let mut functions = vec![2];
        for (index, name) in [(1u8, "alpha::a"), (2, "beta::b")] {
            functions.push(index);
            functions.push(u8::try_from(name.len()).unwrap());
            functions.extend_from_slice(name.as_bytes());
        }
        names.push(1);
        names.push(u8::try_from(functions.len()).unwrap());
        names.extend(functions);
        section(&mut wasm, 0, &names);
        wasm
    }
}
