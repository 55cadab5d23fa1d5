//! `cargo xtask public-api [--check]`: a snapshot of each published library crate's public
//! items, checked in under `docs/public-api/<crate>.txt`, so that a change of the public API
//! is a change of a file a reviewer sees. `--check` (part of `cargo xtask ci`) fails when the
//! sources and the snapshot disagree.
//!
//! The walker reads the sources with `syn` (stable; no rustdoc JSON): every module from
//! `lib.rs` (`mod` files and inline modules, `cfg(test)` skipped), and in each every `pub`
//! item — `pub use` as written, `pub mod`, functions' signatures, structs with their `pub`
//! fields, enums with their variants, traits with their items, constants' and statics' types,
//! type aliases, exported macros — plus the `pub` functions of inherent impls and the header
//! of every trait impl. Attributes other than `#[non_exhaustive]` and `#[doc(hidden)]` and all
//! bodies are left out. What macros generate is not seen by `syn`; the declaration of the
//! endpoints (`for_each_endpoint!`) is recorded separately: each operation's route and facts
//! and each named client method's signature, so that a new row is an API change too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use solapi_cash_core::Operation;

/// The crates whose API is published, in dependency order.
const CRATES: &[&str] = &[
    "solapi-auth",
    "solapi-cash-types",
    "solapi-cash-core",
    "solapi-cash-async",
    "solapi-cash-blocking",
];

/// Write the snapshots, or check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

pub fn run(mode: Mode) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let folder = root.join("docs/public-api");
    let mut stale = Vec::new();
    for name in CRATES {
        let text = snapshot(&root, name)?;
        let path = folder.join(format!("{name}.txt"));
        match mode {
            Mode::Write => {
                std::fs::create_dir_all(&folder)
                    .map_err(|e| format!("{}: {e}", folder.display()))?;
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
                eprintln!("public-api: wrote {}", path.display());
            }
            Mode::Check => {
                let recorded = std::fs::read_to_string(&path).unwrap_or_default();
                if recorded != text {
                    stale.push(first_difference(name, &recorded, &text));
                }
            }
        }
    }
    if stale.is_empty() {
        if mode == Mode::Check {
            eprintln!("public-api: the snapshots match the sources");
        }
        Ok(())
    } else {
        Err(format!(
            "the public API changed without its snapshot:\n{}\nrun `cargo xtask public-api`, \
             review the diff of docs/public-api/ and commit it (with a CHANGELOG line)",
            stale.join("\n")
        ))
    }
}

/// The first line where the recorded snapshot and the sources differ.
fn first_difference(name: &str, recorded: &str, now: &str) -> String {
    let (mut old, mut new) = (recorded.lines(), now.lines());
    let mut line = 1;
    loop {
        match (old.next(), new.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => {
                return format!(
                    "  {name}, line {line}:\n    recorded: {}\n    sources:  {}",
                    a.unwrap_or("(end)"),
                    b.unwrap_or("(end)")
                );
            }
        }
    }
}

/// The snapshot of one crate.
fn snapshot(root: &Path, name: &str) -> Result<String, String> {
    let src = root.join("crates").join(name).join("src");
    let mut lines = Vec::new();
    walk_file(&src.join("lib.rs"), &src, "crate", &mut lines)?;
    let mut out = format!(
        "# The public API of {name}, as `cargo xtask public-api` records it (do not edit).\n"
    );
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    match name {
        "solapi-cash-core" => out.push_str(&operations()),
        "solapi-cash-async" | "solapi-cash-blocking" => out.push_str(&client_methods()),
        _ => {}
    }
    Ok(out)
}

/// Each operation of the declaration: its route and stated facts.
fn operations() -> String {
    let mut out = String::from("# Declared operations (for_each_endpoint!)\n");
    for op in Operation::ALL {
        let _ = writeln!(
            out,
            "operation {op:?}: {} {} scope={} role={:?} second_factor={} moves_money={} repeat={:?} paging={:?} types={:?}",
            op.method(),
            op.path(),
            op.scope(),
            op.role(),
            op.second_factor(),
            op.changes_money(),
            op.repeat(),
            op.paging(),
            op.types(),
        );
    }
    out
}

/// The signatures of the named methods both clients get from the declaration.
macro_rules! method_lines {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $output:ty = $build:expr; )*) => {
        &[$(
            concat!(
                "fn ", stringify!($name), "(", $(stringify!($arg), ": ", stringify!($ty), ", ",)*
                ") -> ", stringify!($output)
            ),
        )*]
    };
}

fn client_methods() -> String {
    let methods: &[&str] = solapi_cash_core::for_each_endpoint!(methods => method_lines);
    let mut out = String::from("# Declared client methods (client_methods!)\n");
    for method in methods {
        let _ = writeln!(out, "method {}", squash(method));
    }
    out
}

fn walk_file(file: &Path, dir: &Path, module: &str, out: &mut Vec<String>) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let ast = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    walk_items(&ast.items, dir, module, out)
}

fn walk_items(
    items: &[syn::Item],
    dir: &Path,
    module: &str,
    out: &mut Vec<String>,
) -> Result<(), String> {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if is_test_only(&m.attrs) {
                    continue;
                }
                let name = m.ident.to_string();
                if is_pub(&m.vis) {
                    out.push(format!("{module}: {}pub mod {name}", marks(&m.attrs)));
                }
                let child = format!("{module}::{name}");
                let child_dir = dir.join(&name);
                match &m.content {
                    Some((_, inline)) => walk_items(inline, &child_dir, &child, out)?,
                    None => {
                        let file = module_file(dir, &name)?;
                        walk_file(&file, &child_dir, &child, out)?;
                    }
                }
            }
            other if is_test_only(attrs_of(other)) => {}
            other => {
                if let Some(line) = render(other) {
                    out.push(format!("{module}: {line}"));
                }
                if let syn::Item::Impl(imp) = other {
                    out.extend(impl_fns(imp).into_iter().map(|l| format!("{module}: {l}")));
                }
            }
        }
    }
    Ok(())
}

/// The attributes of an item that can carry `cfg(test)`.
fn attrs_of(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => &[],
    }
}

/// `name.rs` or `name/mod.rs` next to the module that declares it.
fn module_file(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let flat = dir.join(format!("{name}.rs"));
    if flat.exists() {
        return Ok(flat);
    }
    let nested = dir.join(name).join("mod.rs");
    if nested.exists() {
        return Ok(nested);
    }
    Err(format!("no file for module {name} in {}", dir.display()))
}

/// One line for a `pub` item (none for anything else).
fn render(item: &syn::Item) -> Option<String> {
    let line = match item {
        syn::Item::Use(u) if is_pub(&u.vis) && !is_test_only(&u.attrs) => {
            format!("{}{}", marks(&u.attrs), tokens(&strip_use(u)))
        }
        syn::Item::Fn(f) if is_pub(&f.vis) && !is_test_only(&f.attrs) => {
            format!("{}pub {}", marks(&f.attrs), tokens(&f.sig))
        }
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let mut s = s.clone();
            let m = marks(&s.attrs);
            s.attrs.clear();
            if let syn::Fields::Named(fields) = &mut s.fields {
                fields.named = fields
                    .named
                    .iter()
                    .filter(|f| is_pub(&f.vis))
                    .cloned()
                    .map(|mut f| {
                        f.attrs.clear();
                        f
                    })
                    .collect();
            }
            if let syn::Fields::Unnamed(fields) = &mut s.fields {
                for f in fields.unnamed.iter_mut() {
                    f.attrs.clear();
                    if !is_pub(&f.vis) {
                        f.ty = syn::parse_quote!(_);
                    }
                }
            }
            format!("{m}{}", tokens(&s))
        }
        syn::Item::Enum(e) if is_pub(&e.vis) => {
            let mut e = e.clone();
            let m = marks(&e.attrs);
            e.attrs.clear();
            for v in e.variants.iter_mut() {
                v.attrs.retain(keep_attr);
                for f in v.fields.iter_mut() {
                    f.attrs.clear();
                }
                v.discriminant = None;
            }
            format!("{m}{}", tokens(&e))
        }
        syn::Item::Trait(t) if is_pub(&t.vis) => {
            let mut t = t.clone();
            let m = marks(&t.attrs);
            t.attrs.clear();
            for it in t.items.iter_mut() {
                match it {
                    syn::TraitItem::Fn(f) => {
                        f.attrs.clear();
                        f.default = None;
                        f.semi_token = Some(Default::default());
                    }
                    syn::TraitItem::Type(ty) => ty.attrs.clear(),
                    syn::TraitItem::Const(c) => {
                        c.attrs.clear();
                        c.default = None;
                    }
                    _ => {}
                }
            }
            format!("{m}{}", tokens(&t))
        }
        syn::Item::Const(c) if is_pub(&c.vis) => {
            format!(
                "{}pub const {}: {}",
                marks(&c.attrs),
                c.ident,
                tokens(&c.ty)
            )
        }
        syn::Item::Static(s) if is_pub(&s.vis) => {
            format!(
                "{}pub static {}: {}",
                marks(&s.attrs),
                s.ident,
                tokens(&s.ty)
            )
        }
        syn::Item::Type(t) if is_pub(&t.vis) => {
            let mut t = t.clone();
            let m = marks(&t.attrs);
            t.attrs.clear();
            format!("{m}{}", tokens(&t))
        }
        syn::Item::Macro(m) if m.attrs.iter().any(|a| a.path().is_ident("macro_export")) => {
            let name = m
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("{}macro_rules! {name}", marks(&m.attrs))
        }
        syn::Item::Impl(imp) if imp.trait_.is_some() && !is_test_only(&imp.attrs) => {
            let (bang, path, _) = imp.trait_.as_ref()?;
            format!(
                "impl{} {}{} for {}",
                tokens(&imp.generics),
                if bang.is_some() { "!" } else { "" },
                tokens(path),
                tokens(&imp.self_ty)
            )
        }
        _ => return None,
    };
    Some(squash(&line))
}

/// The `pub` functions, constants and types of an inherent impl, each with its self type.
fn impl_fns(imp: &syn::ItemImpl) -> Vec<String> {
    if imp.trait_.is_some() || is_test_only(&imp.attrs) {
        return Vec::new();
    }
    let head = format!("impl{} {}", tokens(&imp.generics), tokens(&imp.self_ty));
    imp.items
        .iter()
        .filter_map(|it| match it {
            syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                Some(format!("{}pub {}", marks(&f.attrs), tokens(&f.sig)))
            }
            syn::ImplItem::Const(c) if is_pub(&c.vis) => Some(format!(
                "{}pub const {}: {}",
                marks(&c.attrs),
                c.ident,
                tokens(&c.ty)
            )),
            _ => None,
        })
        .map(|l| squash(&format!("{head} {{ {l} }}")))
        .collect()
}

fn strip_use(u: &syn::ItemUse) -> syn::ItemUse {
    let mut u = u.clone();
    u.attrs.clear();
    u
}

/// `pub` exactly (not `pub(crate)`, `pub(super)`).
fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && {
            let text = tokens(&a.meta);
            text.contains("test") || text.contains("doctest")
        }
    })
}

/// The attributes that change what a caller may do: `#[non_exhaustive]`, `#[doc(hidden)]`.
fn keep_attr(a: &syn::Attribute) -> bool {
    a.path().is_ident("non_exhaustive")
        || (a.path().is_ident("doc") && tokens(&a.meta).contains("hidden"))
}

fn marks(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| keep_attr(a))
        .map(|a| format!("{} ", tokens(a)))
        .collect()
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

/// One line, single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Part of `cargo test --workspace` as well as `cargo xtask ci`: the public API does not
    /// change without its snapshot.
    #[test]
    fn the_snapshots_match_the_sources() {
        if let Err(message) = run(Mode::Check) {
            panic!("{message}");
        }
    }

    #[test]
    fn a_changed_item_is_reported_with_its_line() {
        let report = first_difference("x", "a\nb\nc\n", "a\nB\nc\n");
        assert!(report.contains("line 2"), "{report}");
        assert!(
            report.contains("recorded: b") && report.contains("sources:  B"),
            "{report}"
        );
    }
}
