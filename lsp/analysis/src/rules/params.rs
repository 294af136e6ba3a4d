//! Param declarations (catalogue §1.C) and the checks of a `$(params...)` reference against
//! them shared by Task steps (§1.D) and pipeline-task fields (§1.H).
//!
//! Declarations are read after upstream's defaulting (`ParamSpec.SetDefaults`): the type is the
//! explicit one, else `object` when `properties` is set, else `string` without a default, else
//! the JSON shape of the default.

use super::edit;
use super::engine::{Ctx, did_you_mean, related, replace, report_duplicates};
use super::view::View;
use crate::Fix;
use crate::variables::{Access, Reference, Variable};

/// A param's type, after upstream's defaulting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    String,
    Array,
    Object,
}

impl ParamType {
    fn parse(text: &str) -> Option<ParamType> {
        match text {
            "string" => Some(ParamType::String),
            "array" => Some(ParamType::Array),
            "object" => Some(ParamType::Object),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Array => "array",
            ParamType::Object => "object",
        }
    }

    /// The type a param value of this shape has (`ParamValue.UnmarshalJSON`: other scalars
    /// become strings).
    pub fn of_value(value: View<'_>) -> ParamType {
        if value.is_seq() {
            ParamType::Array
        } else if value.is_map() {
            ParamType::Object
        } else {
            ParamType::String
        }
    }
}

/// One declared param, after defaulting.
#[derive(Clone, Copy)]
pub struct ParamDecl<'t> {
    pub name: &'t str,
    pub name_view: View<'t>,
    pub ty: ParamType,
    pub decl: View<'t>,
}

impl<'t> ParamDecl<'t> {
    /// The keys an object param declares.
    pub fn properties(self) -> impl Iterator<Item = &'t str> {
        self.decl
            .get("properties")
            .into_iter()
            .flat_map(View::entries)
            .map(|(key, _)| key)
    }

    /// Whether the param has a (non-null) default, so a run may leave it out.
    pub fn has_default(self) -> bool {
        self.decl.has("default")
    }

    /// A YAML flow value of the param's type for the user to fill in: `""`, `[]`, or an object
    /// with each declared key set to `""`.
    pub fn placeholder(self) -> String {
        match self.ty {
            ParamType::String => "\"\"".to_owned(),
            ParamType::Array => "[]".to_owned(),
            ParamType::Object => {
                let keys: Vec<String> = self.properties().map(|k| format!("{k}: \"\"")).collect();
                format!("{{{}}}", keys.join(", "))
            }
        }
    }
}

/// The declarations of a `params` list (items without a string name are skipped).
pub fn declarations(params: Option<View<'_>>) -> Vec<ParamDecl<'_>> {
    params
        .into_iter()
        .flat_map(View::items)
        .filter_map(|decl| {
            let name_view = decl.get("name")?;
            Some(ParamDecl {
                name: name_view.str()?,
                name_view,
                ty: inferred_type(decl),
                decl,
            })
        })
        .collect()
}

fn inferred_type(decl: View<'_>) -> ParamType {
    if let Some(explicit) = decl.get("type").and_then(View::str) {
        // An invalid type is reported by `param-type-invalid`; treat it as a string meanwhile.
        return ParamType::parse(explicit).unwrap_or(ParamType::String);
    }
    if decl.has("properties") {
        return ParamType::Object;
    }
    match decl.get("default").filter(|d| !d.is_null()) {
        None => ParamType::String,
        Some(default) => ParamType::of_value(default),
    }
}

/// Where a `params` list is declared; the rules differ slightly.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclaredIn {
    /// A Task or any embedded TaskSpec: names are format-checked (#39) and object params need
    /// properties (#37).
    TaskSpec,
    /// A PipelineSpec; `needs_properties` when some pipeline task embeds a taskSpec (quirk 12).
    PipelineSpec { needs_properties: bool },
}

/// §1.C on one `params` list.
pub(crate) fn check_declarations(cx: &mut Ctx<'_>, params: Option<View<'_>>, within: DeclaredIn) {
    let Some(params) = params else { return };
    for decl in params.items() {
        let explicit = decl.get("type");
        if let Some(ty) = explicit.and_then(View::str)
            && ParamType::parse(ty).is_none()
            && let Some(explicit) = explicit
        {
            cx.report(
                "param-type-invalid",
                explicit.span(),
                format!("invalid param type `{ty}`: expected string, array or object"),
            );
        }
        let ty = inferred_type(decl);
        if let Some(default) = decl.get("default").filter(|d| !d.is_null()) {
            let shape = ParamType::of_value(default);
            if explicit.and_then(View::str).and_then(ParamType::parse) == Some(ty) && shape != ty {
                cx.report(
                    "param-default-type-mismatch",
                    default.span(),
                    format!(
                        "\"{}\" type does not match default value's type: \"{}\"",
                        ty.as_str(),
                        shape.as_str()
                    ),
                );
            }
        }
        if ty == ParamType::Object {
            check_object(cx, decl, within);
        }
        if within == DeclaredIn::TaskSpec
            && let Some(name) = decl.get("name")
            && let Some(text) = name.str()
            && !is_param_name(text, ty)
        {
            cx.report(
                "param-name-format",
                name.span(),
                format!(
                    "invalid param name `{text}`: must start with a letter or `_` and contain \
                     only letters, digits, `_`{}",
                    if ty == ParamType::Object {
                        " and `-` (object params)"
                    } else {
                        ", `-` and `.`"
                    }
                ),
            );
        }
        check_enum(cx, decl, ty);
    }
    report_duplicates(cx, "param-name-duplicate", params.items(), false, |name| {
        format!("parameter `{name}` appears more than once")
    });
}

fn check_object(cx: &mut Ctx<'_>, decl: View<'_>, within: DeclaredIn) {
    let needs_properties = match within {
        DeclaredIn::TaskSpec => true,
        DeclaredIn::PipelineSpec { needs_properties } => needs_properties,
    };
    let Some(properties) = decl.get("properties").filter(|p| !p.is_null()) else {
        if needs_properties {
            cx.report(
                "param-object-properties-missing",
                decl.head_span(),
                "an object param must declare its `properties`",
            );
        }
        return;
    };
    for (key, property) in properties.entries() {
        if let Some(ty) = property.get("type")
            && let Some(text) = ty.str()
            && text != "string"
        {
            cx.report(
                "param-property-type-invalid",
                ty.span(),
                format!("property `{key}` has type `{text}`; object properties must be strings"),
            );
        }
        if within == DeclaredIn::TaskSpec && !is_param_name(key, ParamType::Object) {
            cx.report(
                "param-name-format",
                property.key_span(),
                format!("invalid object key `{key}`: letters, digits, `_` and `-` only"),
            );
        }
    }
}

fn check_enum(cx: &mut Ctx<'_>, decl: View<'_>, ty: ParamType) {
    let Some(enumeration) = decl.get("enum") else {
        return;
    };
    if !cx.config.feature_flags.enable_param_enum {
        cx.report(
            "param-enum-flag-disabled",
            enumeration.key_span(),
            "`enum` requires the feature flag `enable-param-enum: \"true\"`",
        );
        return;
    }
    if ty != ParamType::String {
        cx.report(
            "param-enum-invalid",
            enumeration.key_span(),
            "enum can only be set with string type param",
        );
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for value in enumeration.items() {
        let Some(text) = value.scalar_text() else {
            continue;
        };
        if seen.contains(&text) {
            cx.report(
                "param-enum-invalid",
                value.span(),
                format!("duplicate enum value `{text}`"),
            );
        }
        seen.push(text);
    }
    if let Some(default) = decl.get("default")
        && let Some(text) = default.scalar_text()
        && !text.is_empty()
        && !seen.contains(&text)
    {
        cx.report(
            "param-enum-invalid",
            default.span(),
            format!("param default value `{text}` is not in the enum list"),
        );
    }
}

/// Whether upstream accepts `name` for a param of type `ty` in a TaskSpec:
/// `^[_a-zA-Z][_a-zA-Z0-9.-]*$`, without the `.` for object params and keys.
pub fn is_param_name(name: &str, ty: ParamType) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b == b'_' || b.is_ascii_alphabetic())
        && bytes.all(|b| {
            b == b'_'
                || b == b'-'
                || b.is_ascii_alphanumeric()
                || (b == b'.' && ty != ParamType::Object)
        })
}

/// The rule ids for a reference check: Task steps (§1.D) or pipeline-task fields (§1.H).
pub(crate) struct RefRules {
    pub undeclared: &'static str,
    pub key_unknown: &'static str,
}

pub(crate) const STEP_RULES: RefRules = RefRules {
    undeclared: "param-ref-undeclared",
    key_unknown: "param-ref-object-key-unknown",
};

/// Fields upstream never validates (#135): both problems are one lint.
pub(crate) const UNVALIDATED_RULES: RefRules = RefRules {
    undeclared: "param-ref-unvalidated-field",
    key_unknown: "param-ref-unvalidated-field",
};

pub(crate) const PIPELINE_RULES: RefRules = RefRules {
    undeclared: "pipeline-param-ref-undeclared",
    key_unknown: "pipeline-param-ref-object-key-unknown",
};

/// Checks a `$(params...)` reference found in the string `value` against the declarations of
/// `spec` (the object holding the `params` list), reporting an undeclared name (with
/// did-you-mean and a rename fix, or a fix declaring it) or an unknown object key.
/// `propagated` are names the context adds (a Pipeline's params in an embedded taskSpec). Returns
/// the declaration the reference resolves to.
pub(crate) fn resolve<'d, 't>(
    cx: &mut Ctx<'_>,
    rules: &RefRules,
    (spec, decls): (View<'_>, &'d [ParamDecl<'t>]),
    propagated: &[&str],
    value: View<'_>,
    reference: &Reference<'_>,
) -> Option<&'d ParamDecl<'t>> {
    let Variable::Param { name, access, .. } = &reference.variable else {
        return None;
    };
    if !reference.seen_by_webhook() {
        return None;
    }
    let Some(decl) = decls.iter().find(|d| d.name == name.text) else {
        if !propagated.contains(&name.text) {
            let span = value.sub_span(cx.text, name.range.clone());
            let suggestion = did_you_mean(
                name.text,
                decls
                    .iter()
                    .map(|d| d.name)
                    .chain(propagated.iter().copied()),
            );
            let message = match suggestion {
                Some(s) => format!("param `{}` is not declared; did you mean `{s}`?", name.text),
                None => format!("param `{}` is not declared", name.text),
            };
            let declare = declare_fix(cx.text, spec, name.text, access);
            if let Some(d) = cx.report(rules.undeclared, span, message) {
                match suggestion {
                    Some(s) => {
                        d.fix = Some(replace(format!("rename to `{s}`"), span, s));
                        if let Some(target) = decls.iter().find(|decl| decl.name == s) {
                            related(d, target.name_view.span(), "declared here");
                        }
                    }
                    None => d.fix = declare,
                }
            }
        }
        return None;
    };
    if let Access::Key(key) = access
        && decl.ty == ParamType::Object
        && decl.decl.has("properties")
        && !decl.properties().any(|p| p == key.text)
    {
        let span = value.sub_span(cx.text, key.range.clone());
        let suggestion = did_you_mean(key.text, decl.properties());
        if let Some(d) = cx.report(
            rules.key_unknown,
            span,
            format!("object param `{}` has no key `{}`", decl.name, key.text),
        ) {
            related(d, decl.name_view.span(), "declared here");
            if let Some(s) = suggestion {
                d.fix = Some(replace(format!("rename to `{s}`"), span, s));
            }
        }
    }
    Some(decl)
}

/// A fix declaring `name` in the `params` of `spec` (creating the list when there is none), of
/// the type the reference implies: `[*]` or `[N]` an array, `.key` an object with that key.
fn declare_fix(text: &str, spec: View<'_>, name: &str, access: &Access<'_>) -> Option<Fix> {
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return None;
    }
    let mut item = vec![format!("name: {name}")];
    match access {
        Access::Star | Access::Index(_) => item.push("type: array".to_owned()),
        Access::Key(key) => {
            item.push("type: object".to_owned());
            item.push(format!("properties: {{{}: {{type: string}}}}", key.text));
        }
        Access::Whole => {}
    }
    let edit = edit::add_list_item(text, spec, "params", &item)?;
    Some(Fix {
        title: format!("declare param `{name}`"),
        edits: vec![edit],
    })
}
