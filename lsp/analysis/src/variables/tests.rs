use super::*;

#[path = "../../tests/catalog/mod.rs"]
mod catalog;

fn access(access: &Access<'_>) -> String {
    match access {
        Access::Whole => String::new(),
        Access::Star => "[*]".to_owned(),
        Access::Index(index) => format!("[{index}]"),
        Access::Key(key) => format!(".{}", key.as_str()),
    }
}

/// A compact, readable rendering of one reference for the tables below.
fn describe(reference: &Reference<'_>) -> String {
    let what = match &reference.variable {
        Variable::Param {
            name,
            access: a,
            syntax,
        } => format!("param {}{} {syntax:?}", name.as_str(), access(a)),
        Variable::LegacyParam { name } => format!("legacy-param {}", name.as_str()),
        Variable::TaskResult {
            section,
            task,
            result,
            access: a,
        } => format!(
            "result {section:?} {} {}{}",
            task.as_str(),
            result.as_str(),
            access(a)
        ),
        Variable::TaskStatus { task, field } => format!("status {} {field:?}", task.as_str()),
        Variable::TasksStatus => "tasks-status".to_owned(),
        Variable::MatrixLength { task, result } => match result {
            Some(result) => format!("matrix-length {} {}", task.as_str(), result.as_str()),
            None => format!("matrix-length {}", task.as_str()),
        },
        Variable::TaskArtifact { task, kind, name } => {
            format!("task-artifact {} {kind:?} {}", task.as_str(), name.as_str())
        }
        Variable::Workspace { name, field } => format!("workspace {} {field:?}", name.as_str()),
        Variable::ResultPath { result, syntax } => {
            format!("result-path {} {syntax:?}", result.as_str())
        }
        Variable::StepResult {
            step,
            result,
            access: a,
        } => format!(
            "step-result {} {}{}",
            step.as_str(),
            result.as_str(),
            access(a)
        ),
        Variable::StepResultPath { result, syntax } => {
            format!("step-result-path {} {syntax:?}", result.as_str())
        }
        Variable::StepExitCodePath { step } => format!("exit-code {}", step.as_str()),
        Variable::StepArtifact { step, kind, name } => {
            format!("step-artifact {} {kind:?} {}", step.as_str(), name.as_str())
        }
        Variable::StepArtifactsPath => "step-artifacts-path".to_owned(),
        Variable::ArtifactsPath => "artifacts-path".to_owned(),
        Variable::CredentialsPath => "credentials-path".to_owned(),
        Variable::Context { scope, field } => format!("context {scope:?} {}", field.as_str()),
        Variable::Obsolete => "obsolete".to_owned(),
        Variable::Unknown => "unknown".to_owned(),
        Variable::Malformed { root, reason } => format!("malformed {root:?} {reason}"),
    };
    format!("{}..{} {what}", reference.range.start, reference.range.end)
}

/// Every name of a reference, to check that its range points at its text.
fn names<'r, 'a>(variable: &'r Variable<'a>) -> Vec<&'r Name<'a>> {
    let key = |a: &'r Access<'a>| match a {
        Access::Key(key) => Some(key),
        _ => None,
    };
    match variable {
        Variable::Param { name, access, .. } => {
            [Some(name), key(access)].into_iter().flatten().collect()
        }
        Variable::TaskResult {
            task,
            result,
            access,
            ..
        } => [Some(task), Some(result), key(access)]
            .into_iter()
            .flatten()
            .collect(),
        Variable::StepResult {
            step,
            result,
            access,
        } => [Some(step), Some(result), key(access)]
            .into_iter()
            .flatten()
            .collect(),
        Variable::MatrixLength { task, result } => [Some(task), result.as_ref()]
            .into_iter()
            .flatten()
            .collect(),
        Variable::TaskArtifact { task, name, .. } => vec![task, name],
        Variable::StepArtifact { step, name, .. } => vec![step, name],
        Variable::LegacyParam { name } | Variable::Workspace { name, .. } => vec![name],
        Variable::TaskStatus { task, .. } => vec![task],
        Variable::ResultPath { result, .. } | Variable::StepResultPath { result, .. } => {
            vec![result]
        }
        Variable::StepExitCodePath { step } => vec![step],
        Variable::Context { field, .. } => vec![field],
        Variable::TasksStatus
        | Variable::StepArtifactsPath
        | Variable::ArtifactsPath
        | Variable::CredentialsPath
        | Variable::Obsolete
        | Variable::Unknown
        | Variable::Malformed { .. } => Vec::new(),
    }
}

/// The invariants every result must keep, whatever the input.
fn check_invariants(text: &str, found: &[Reference<'_>]) {
    let mut previous_end = 0;
    for reference in found {
        let range = reference.range.clone();
        assert!(
            range.start >= previous_end,
            "overlap in {text:?}: {found:?}"
        );
        previous_end = range.end;
        let whole = text.get(range.clone()).expect("range on char boundaries");
        assert!(whole.starts_with("$("), "{text:?}: {whole:?}");
        match reference.variable {
            Variable::Malformed {
                reason: Reason::Unterminated,
                ..
            } => assert_eq!(&whole[2..], reference.body),
            _ => assert_eq!(whole, format!("$({})", reference.body)),
        }
        for name in names(&reference.variable) {
            assert_eq!(text.get(name.range.clone()), Some(name.text), "{text:?}");
            assert!(range.start < name.range.start && name.range.end <= range.end);
        }
    }
}

fn render(text: &str) -> Vec<String> {
    let found = references(text);
    check_invariants(text, &found);
    found.iter().map(describe).collect()
}

#[test]
fn parses_the_grammar() {
    let cases: &[(&str, &[&str])] = &[
        // No references.
        ("", &[]),
        ("plain text", &[]),
        ("${HOME} $HOME $ ( $", &[]),
        // Params, dot form.
        ("$(params.x)", &["0..11 param x Dot"]),
        (
            "echo $(params.x) and $(params.y-z_1)",
            &["5..16 param x Dot", "21..36 param y-z_1 Dot"],
        ),
        (
            "$(params.a)$(params.b)",
            &["0..11 param a Dot", "11..22 param b Dot"],
        ),
        ("$(params.x[*])", &["0..14 param x[*] Dot"]),
        ("$(params.x[12])", &["0..15 param x[12] Dot"]),
        ("$(params.obj.key)", &["0..17 param obj.key Dot"]),
        // Upstream reads any text up to `)` as the name; the declared-name check rejects it.
        ("$(params.foo bar)", &["0..17 param foo bar Dot"]),
        // Params, bracket forms.
        ("$(params[\"x\"])", &["0..14 param x Bracket"]),
        ("$(params['x.y'])", &["0..16 param x.y Bracket"]),
        ("$(params[\"a\"][*])", &["0..17 param a[*] Bracket"]),
        ("$(params['a'][0])", &["0..17 param a[0] Bracket"]),
        (
            "$(params[\"a)b\"])",
            &["0..12 malformed Params bad-bracket"],
        ),
        // Malformed params.
        ("$(params.a.b.c)", &["0..15 malformed Params too-many-dots"]),
        (
            "$(params.a.b.c.d[0])",
            &["0..20 malformed Params too-many-dots"],
        ),
        ("$(params)", &["0..9 malformed Params incomplete"]),
        ("$(params.)", &["0..10 malformed Params incomplete"]),
        ("$(params..x)", &["0..12 malformed Params incomplete"]),
        ("$(params.x[a])", &["0..14 malformed Params bad-index"]),
        ("$(params.x[])", &["0..13 malformed Params bad-index"]),
        ("$(params.x[-1])", &["0..15 malformed Params bad-index"]),
        ("$(params.x[0][1])", &["0..17 malformed Params bad-index"]),
        ("$(params.o.k[0])", &["0..16 malformed Params bad-index"]),
        (
            "$(params.x[99999999999999999999999])",
            &["0..36 malformed Params bad-index"],
        ),
        ("$(params[x])", &["0..12 malformed Params bad-bracket"]),
        ("$(params[\"x])", &["0..13 malformed Params bad-bracket"]),
        ("$(params[\"x'])", &["0..14 malformed Params bad-bracket"]),
        (
            "$(params[\"o\"].key)",
            &["0..18 malformed Params bad-bracket"],
        ),
        ("$(params[\"\"])", &["0..13 malformed Params incomplete"]),
        // No escape syntax; shell text around references; unterminated references.
        ("$$(params.x)", &["1..12 param x Dot"]),
        ("$(echo $(params.x))", &["7..18 param x Dot"]),
        ("$(echo $(tasks.a.results.r))", &["7..27 result Tasks a r"]),
        ("$(params.x", &["0..10 malformed Params unterminated"]),
        (
            "$(params.x $(params.y)",
            &["0..10 malformed Params unterminated", "11..22 param y Dot"],
        ),
        ("$(params.x\n)", &["0..10 malformed Params unterminated"]),
        ("$(echo hi", &[]),
        ("$(params", &[]),
        // Shell command substitutions: expression-shaped ones are `Unknown`, others skipped.
        ("$(date)", &["0..7 unknown"]),
        ("$(PWD)/bin", &["0..6 unknown"]),
        ("$(foo.bar[0])", &["0..13 unknown"]),
        ("$(git rev-parse HEAD)", &[]),
        ("echo \"$(cat /tmp/x)\"", &[]),
        ("$((1+2))", &[]),
        ("$()", &[]),
        ("$( params.x )", &[]),
        ("$(params x)", &[]),
        // Task results, status, matrix, artifacts.
        ("$(tasks.a.results.r)", &["0..20 result Tasks a r"]),
        ("$(tasks.a.results.r[*])", &["0..23 result Tasks a r[*]"]),
        ("$(tasks.a.results.r[3])", &["0..23 result Tasks a r[3]"]),
        ("$(tasks.a.results.r.key)", &["0..24 result Tasks a r.key"]),
        ("$(finally.f.results.r)", &["0..22 result Finally f r"]),
        (
            "$(tasks.a.results.r.k.z)",
            &["0..24 malformed Tasks result-ref-malformed"],
        ),
        (
            "$(tasks.a.results.r.k.z[*])",
            &["0..27 malformed Tasks result-ref-malformed"],
        ),
        (
            "$(tasks.a.results.r.k[0])",
            &["0..25 malformed Tasks bad-index"],
        ),
        (
            "$(tasks.a.results[\"r\"])",
            &["0..23 malformed Tasks result-ref-malformed"],
        ),
        ("$(tasks.a.results)", &["0..18 malformed Tasks incomplete"]),
        ("$(tasks.a)", &["0..10 malformed Tasks incomplete"]),
        ("$(tasks)", &["0..8 malformed Tasks incomplete"]),
        ("$(tasks..results.r)", &["0..19 malformed Tasks incomplete"]),
        ("$(tasks.status)", &["0..15 tasks-status"]),
        ("$(tasks.status[0])", &["0..18 malformed Tasks bad-index"]),
        ("$(tasks.a.status)", &["0..17 status a Status"]),
        ("$(tasks.a.reason)", &["0..17 status a Reason"]),
        ("$(tasks.a.status[0])", &["0..20 malformed Tasks bad-index"]),
        ("$(tasks.a.matrix.length)", &["0..24 matrix-length a"]),
        ("$(tasks.a.matrix.r.length)", &["0..26 matrix-length a r"]),
        (
            "$(tasks.a.matrix.r.size)",
            &["0..24 malformed Tasks unknown-field"],
        ),
        (
            "$(tasks.a.outputs.img)",
            &["0..22 task-artifact a Outputs img"],
        ),
        (
            "$(tasks.a.inputs.src)",
            &["0..21 task-artifact a Inputs src"],
        ),
        ("$(tasks.a.foo)", &["0..14 malformed Tasks unknown-field"]),
        (
            "$(finally.f.status)",
            &["0..19 malformed Finally unknown-field"],
        ),
        ("$(finally.f)", &["0..12 malformed Finally incomplete"]),
        // Workspaces.
        ("$(workspaces.src.path)", &["0..22 workspace src Path"]),
        ("$(workspaces.src.bound)", &["0..23 workspace src Bound"]),
        ("$(workspaces.src.claim)", &["0..23 workspace src Claim"]),
        ("$(workspaces.src.volume)", &["0..24 workspace src Volume"]),
        ("$(workspaces.a.b.path)", &["0..22 workspace a.b Path"]),
        (
            "$(workspaces.src)",
            &["0..17 malformed Workspaces incomplete"],
        ),
        (
            "$(workspaces.src.size)",
            &["0..22 malformed Workspaces unknown-field"],
        ),
        (
            "$(workspaces.src.path[0])",
            &["0..25 malformed Workspaces bad-index"],
        ),
        // Task result paths.
        ("$(results.r.path)", &["0..17 result-path r Dot"]),
        (
            "$(results[\"r.x\"].path)",
            &["0..22 result-path r.x Bracket"],
        ),
        ("$(results['r'].path)", &["0..20 result-path r Bracket"]),
        ("$(results.r)", &["0..12 malformed Results incomplete"]),
        (
            "$(results.a.b.path)",
            &["0..19 malformed Results too-many-dots"],
        ),
        (
            "$(results.r.foo)",
            &["0..16 malformed Results unknown-field"],
        ),
        ("$(results[\"r\"])", &["0..15 malformed Results incomplete"]),
        (
            "$(results[\"r\"].foo)",
            &["0..19 malformed Results bad-bracket"],
        ),
        // The current step.
        ("$(step.results.r.path)", &["0..22 step-result-path r Dot"]),
        (
            "$(step.results[\"r\"].path)",
            &["0..25 step-result-path r Bracket"],
        ),
        ("$(step.artifacts.path)", &["0..22 step-artifacts-path"]),
        ("$(step.results.r)", &["0..17 malformed Step incomplete"]),
        ("$(step.foo)", &["0..11 malformed Step unknown-field"]),
        (
            "$(step.resultsx.r.path)",
            &["0..23 malformed Step unknown-field"],
        ),
        ("$(step.artifacts)", &["0..17 malformed Step incomplete"]),
        // Other steps.
        ("$(steps.s.results.r)", &["0..20 step-result s r"]),
        ("$(steps.s.results.r[*])", &["0..23 step-result s r[*]"]),
        ("$(steps.s.results.r.k)", &["0..22 step-result s r.k"]),
        (
            "$(steps.s.results.a.b.c)",
            &["0..24 malformed Steps result-ref-malformed"],
        ),
        (
            "$(steps.s.results['r'])",
            &["0..23 malformed Steps result-ref-malformed"],
        ),
        (
            "$(steps.step-build.exitCode.path)",
            &["0..33 exit-code step-build"],
        ),
        (
            "$(steps.s.inputs.src)",
            &["0..21 step-artifact s Inputs src"],
        ),
        (
            "$(steps.s.outputs.img)",
            &["0..22 step-artifact s Outputs img"],
        ),
        ("$(steps.s)", &["0..10 malformed Steps incomplete"]),
        ("$(steps.s.exitCode)", &["0..19 malformed Steps incomplete"]),
        ("$(steps.s.logs)", &["0..15 malformed Steps unknown-field"]),
        // Context.
        ("$(context.taskRun.name)", &["0..23 context TaskRun name"]),
        (
            "$(context.task.retry-count)",
            &["0..27 context Task retry-count"],
        ),
        (
            "$(context.pipelineRun.uid)",
            &["0..26 context PipelineRun uid"],
        ),
        ("$(context.pipeline.name)", &["0..24 context Pipeline name"]),
        (
            "$(context.pipelineTask.retries)",
            &["0..31 context PipelineTask retries"],
        ),
        ("$(context.taskRun.id)", &["0..21 context TaskRun id"]),
        (
            "$(context.build.id)",
            &["0..19 malformed Context unknown-field"],
        ),
        (
            "$(context.taskRun)",
            &["0..18 malformed Context incomplete"],
        ),
        (
            "$(context.taskRun.a.b)",
            &["0..22 malformed Context too-many-dots"],
        ),
        (
            "$(context.taskRun.name[0])",
            &["0..26 malformed Context bad-index"],
        ),
        // Fixed paths.
        ("$(artifacts.path)", &["0..17 artifacts-path"]),
        ("$(credentials.path)", &["0..19 credentials-path"]),
        (
            "$(artifacts.dir)",
            &["0..16 malformed Artifacts unknown-field"],
        ),
        ("$(artifacts)", &["0..12 malformed Artifacts incomplete"]),
        // Legacy and obsolete forms.
        ("$(inputs.params.x)", &["0..18 legacy-param x"]),
        ("$(inputs.params)", &["0..16 unknown"]),
        ("$(resources.inputs.src.path)", &["0..28 obsolete"]),
        ("$(inputs.resources.src.path)", &["0..28 obsolete"]),
        ("$(outputs.resources.img.url)", &["0..28 obsolete"]),
        // Unicode around and inside references.
        ("héllo $(params.x) wörld", &["7..18 param x Dot"]),
        ("→$(params.x)←", &["3..14 param x Dot"]),
        ("$(params.ünï)", &["0..15 param ünï Dot"]),
        ("$(params[\"日本\"])", &["0..19 param 日本 Bracket"]),
        ("$(tasks.ä.results.r)", &["0..21 result Tasks ä r"]),
        ("$(päräms.x)", &[]),
        ("$(params.x→", &["0..10 malformed Params unterminated"]),
    ];
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got = render(text);
        if got != *expected {
            failures.push(format!(
                "{text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn first(text: &str) -> Reference<'_> {
    references(text)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no reference in {text:?}"))
}

#[test]
fn upstream_matchers() {
    // (text, expression regex matches, webhook check sees it)
    let cases = [
        ("$(params.x)", true, true),
        ("$(params.x[*])", true, true),
        ("$(params.foo bar)", false, true),
        ("$(params[\"x\"])", false, true),
        ("$(params[\"a\"][*])", false, false),
        ("$(params['a'][0])", false, false),
        ("$(params.a.b.c)", true, true),
        ("$(params[x])", false, false),
        ("$(params.x", false, false),
        ("$(results.r.path)", true, true),
        ("$(results[\"r\"].path)", false, false),
        ("$(results.r)", true, true),
        ("$(step.results['r'].path)", false, false),
        ("$(context.taskRun.id)", true, true),
        ("$(tasks.a.results.r)", true, true),
        ("$(tasks.a.results.r[*])", true, true),
        ("$(tasks.a.results[\"r\"])", false, false),
        ("$(tasks.a.status)", true, true),
        ("$(tasks.a b.results.r)", false, false),
        ("$(date)", true, true),
        ("$(workspaces.w.bound)", true, true),
        ("$(params)", true, false),
        ("$(params.)", true, true),
        ("$(params[\"\"])", false, true),
        ("$(params.x[a])", false, true),
        ("$(context.taskRun)", true, false),
        ("$(context.build.id)", true, false),
        ("$(context.taskRun.a.b)", true, true),
        ("$(step.results.r)", true, true),
        ("$(step.artifacts.x)", true, false),
    ];
    for (text, expression, seen) in cases {
        let reference = first(text);
        assert_eq!(reference.is_expression(), expression, "{text}");
        assert_eq!(reference.seen_by_webhook(), seen, "{text}");
    }
}

#[test]
fn isolation() {
    let cases = [
        ("$(params.arr)", true),
        ("$(params.arr[*])", true),
        ("$(params[\"arr\"])", true),
        ("--x=$(params.arr[*])", false),
        (" $(params.arr)", false),
        ("$(params.arr) ", false),
    ];
    for (text, isolated) in cases {
        assert_eq!(first(text).is_isolated_in(text), isolated, "{text}");
    }
    let text = "$(params.a)$(params.b)";
    assert!(references(text).iter().all(|r| !r.is_isolated_in(text)));
}

#[test]
fn context_fields() {
    let check = |text: &str, known: bool, in_task: bool| {
        let Variable::Context { scope, field } = first(text).variable else {
            panic!("{text} is not a context variable");
        };
        assert_eq!(scope.fields().contains(&field.as_str()), known, "{text}");
        assert_eq!(scope.in_task(), in_task, "{text}");
    };
    check("$(context.taskRun.namespace)", true, true);
    check("$(context.taskRun.id)", false, true);
    check("$(context.task.retry-count)", true, true);
    check("$(context.task.retries)", false, true);
    check("$(context.pipelineRun.uid)", true, false);
    check("$(context.pipeline.namespace)", false, false);
    check("$(context.pipelineTask.retries)", true, false);
}

#[test]
fn reason_ids_are_kebab_case() {
    let reasons = [
        Reason::Incomplete,
        Reason::Unterminated,
        Reason::TooManyDots,
        Reason::BadIndex,
        Reason::BadBracket,
        Reason::ResultRefMalformed,
        Reason::UnknownField,
    ];
    for reason in reasons {
        let id = reason.as_str();
        assert!(
            id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{id}"
        );
        assert_eq!(reason.to_string(), id);
    }
}

/// Pieces that stress the scanner: every delimiter next to every root, plus multi-byte text.
#[test]
fn never_panics_on_generated_text() {
    const PIECES: &[&str] = &[
        "$(",
        ")",
        "$",
        "(",
        "params",
        "tasks",
        "finally",
        "results",
        "step",
        "steps",
        "context",
        "workspaces",
        ".",
        "[",
        "]",
        "[*]",
        "[0]",
        "\"",
        "'",
        "x",
        "é",
        "日",
        "\n",
        " ",
        "path",
        "results.",
        "status",
        "$$(",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // xorshift64: deterministic and dependency-free.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 12) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let found = references(&text);
        check_invariants(&text, &found);
        for reference in &found {
            let _ = (reference.is_expression(), reference.seen_by_webhook());
        }
    }
}

#[test]
fn never_panics_on_the_catalog() {
    let paths = catalog::files();
    let mut count = 0;
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // Whole files too: references that span lines must stay unterminated.
        let found = references(&text);
        check_invariants(&text, &found);
        for line in text.lines() {
            let found = references(line);
            check_invariants(line, &found);
            count += found.len();
        }
    }
    assert!(count > 1000, "only {count} references in the catalog");
}
