//! What cel-go v0.29 (the version Tekton v1.15 uses) answers for `cel.NewEnv()` +
//! `Compile`, expression by expression: whether it compiles.
//!
//! The verdicts were taken from cel-go itself; they pin the grammar, the parse-time checks and
//! the type rules this module reproduces.

use super::problems;

const VERDICTS: &[(&str, bool)] = &[
    (r#"'a' == 1"#, false),
    (r#"foo == 'a'"#, false),
    (r#"'a' == == 'b'"#, false),
    (r#"'a' == "#, false),
    (r#"1 == 1.0"#, false),
    (r#"1 < 1.0"#, false),
    (r#"1 == 1u"#, false),
    (r#"'$(params.foo)' == 'foo'"#, true),
    (r#"$(params.foo) == 'foo'"#, false),
    (r#"params.foo == 'foo'"#, false),
    (r#"size('abc') > 2"#, true),
    (r#"[1,2].exists(x, x > 1)"#, true),
    (r#"{'a': 1}.a == 1"#, true),
    (r#"'a' in ['a', 'b']"#, true),
    (r#"'a' + 1"#, false),
    (r#"null == 'a'"#, false),
    (r#"dyn(1) == 'a'"#, true),
    (r#"[1, 'a']"#, true),
    (r#"{'a': 1, 2: 'b'}"#, true),
    (r#"1 + 1u"#, false),
    (r#"'abc'.startsWith('a')"#, true),
    (r#"'abc'.foo()"#, false),
    (r#"int('1') == 1"#, true),
    (r#"true ? 1 : 'a'"#, false),
    (r#"!1"#, false),
    (r#"-'a'"#, false),
    (r#"1 / 0"#, true),
    (r#"1 && true"#, false),
    (r#"'a' < 'b'"#, true),
    (r#"b'a' == 'a'"#, false),
    (r#"[1] == ['a']"#, false),
    (r#"[] == ['a']"#, true),
    (r#"x.y"#, false),
    (r#"has(a.b)"#, false),
    (r#"google.protobuf.Timestamp{}"#, true),
    (r#"type(1) == int"#, true),
    (
        r#"timestamp('2020-01-01T00:00:00Z') > timestamp('2019-01-01T00:00:00Z')"#,
        true,
    ),
    (r#"duration('1s') + 1"#, false),
    (r#"int"#, true),
    (r#"null_type"#, true),
    (r#"dyn"#, false),
    (r#"duration"#, false),
    (r#"google.protobuf.Duration"#, true),
    (r#"google.protobuf.Any"#, true),
    (r#"google.protobuf.Empty"#, true),
    (r#"google.protobuf.FieldMask"#, false),
    (r#"google.protobuf.Int64Value"#, true),
    (r#"google.protobuf.NullValue"#, false),
    (r#"google.protobuf.NullValue.NULL_VALUE"#, true),
    (r#"optional_type"#, false),
    (r#".int"#, true),
    (r#"int.foo"#, false),
    (r#"google"#, false),
    (r#"size"#, false),
    (r#"size(1)"#, false),
    (r#"'a'.size()"#, true),
    (r#"size('a', 'b')"#, false),
    (r#"{}.size()"#, true),
    (r#"dyn([]).size()"#, true),
    (r#"'a'.matches('b')"#, true),
    (r#"matches('a','b')"#, true),
    (r#"'a'.contains(1)"#, false),
    (r#"1.contains('a')"#, false),
    (r#"[1][0]"#, true),
    (r#"[1]['a']"#, false),
    (r#"{'a':1}[1]"#, false),
    (r#"'a'[0]"#, false),
    (r#"dyn('a')[0]"#, true),
    (r#"[1,2].map(x, x * 2)[0] == 2"#, true),
    (r#"[1,2].map(x, x * 2)[0] == 'a'"#, false),
    (r#"[1,2].filter(x, x)"#, false),
    (r#"[1,2].all(x, x > 'a')"#, false),
    (r#"[1,2].exists_one(x, x > 1)"#, true),
    (r#"[1,2].existsOne(x, x > 1)"#, false),
    (r#"1.all(x, true)"#, false),
    (r#"{'a': 1}.all(k, k == 'a')"#, true),
    (r#"{'a': 1}.all(k, k == 1)"#, false),
    (r#"[1].all(x.y, true)"#, false),
    (r#"has({'a':1}.a)"#, true),
    (r#"has(1)"#, false),
    (r#"has({'a':1}.a.b)"#, false),
    (r#"has(dyn(1).a)"#, true),
    (r#"1.a"#, false),
    (r#"[1].a"#, false),
    (r#"null.a"#, false),
    (r#"_x"#, false),
    (r#"a.b.c"#, false),
    (r#"true ? 'a' : null"#, false),
    (r#"null ? 1 : 2"#, false),
    (r#"[1, null]"#, true),
    (r#"[null, 1] == [1]"#, true),
    (r#"{1: 'a'} == {1u: 'a'}"#, false),
    (r#"string([1])"#, false),
    (r#"timestamp(1.0)"#, false),
    (r#"timestamp('x').getFullYear('UTC') == 1"#, true),
    (r#"duration('1s').getHours()"#, true),
    (r#"duration('1s').getFullYear()"#, false),
    (r#"timestamp('x') - timestamp('y') == duration('1s')"#, true),
    (r#"-duration('1s')"#, false),
    (r#"1 in [1, 'a']"#, true),
    (r#"1 in {'a': 1}"#, false),
    (r#"1 in 1"#, false),
    (r#"[1] + ['a']"#, false),
    (r#"[1] + []"#, true),
    (r#"1.0 % 2.0"#, false),
    (r#"!!1"#, true),
    (r#"--1"#, true),
    (r#"- -1"#, true),
    (r#"!!!1"#, false),
    (r#"1 == 1 == true"#, true),
    (r#"1 < 2 < 3"#, false),
    (r#"'a' == 'a' == 'a'"#, false),
    (r#"in"#, false),
    (r#"if"#, false),
    (r#"a.if"#, false),
    (r#"{'a':1}.if"#, true),
    (r#"{'a':1}.in"#, false),
    (r#"{'a':1}.`a b`"#, true),
    (r#"`a`"#, false),
    (r#"1.0e10 > 1e-3"#, true),
    (r#".5 == 0.5"#, true),
    (r#"1. == 1.0"#, false),
    (r#"0x1F == 31"#, true),
    (r#"0x1Fu == 31u"#, true),
    (r#"9223372036854775807"#, true),
    (r#"9223372036854775808"#, false),
    (r#"-9223372036854775808"#, true),
    (r#"18446744073709551615u"#, true),
    (r#"18446744073709551616u"#, false),
    (r#"'\q'"#, false),
    (r#"'\x41' == 'A'"#, true),
    (r#"'\101'"#, true),
    (r#"'\u0041'"#, true),
    (r#"'\U00000041'"#, true),
    (r#"'\777'"#, false),
    (r#"r'\q'"#, true),
    (r#""a" == 'a'"#, true),
    (r#"b'\xff' == b'\377'"#, true),
    (r#"'a' // comment"#, true),
    (r#"1 +"#, false),
    (r#"()"#, false),
    (r#"(1"#, false),
    (r#"[1,]"#, true),
    (r#"{'a':1,}"#, true),
    (r#"f(1,)"#, false),
    (r#"[1,2,,]"#, false),
    (r#"a.b()"#, false),
    (r#"[1].x()"#, false),
    (r#"google.protobuf.Timestamp{seconds: 1}"#, true),
    (r#"Foo{}"#, false),
    (r#".google.protobuf.Timestamp{}"#, true),
    (r#"int{}"#, false),
    (r#"{'a': 1}.?a"#, false),
    (r#"[1][?0]"#, false),
    (r#"[?1]"#, false),
    (r#"{?'a': 1}"#, false),
    (r#"1 ? 2 : 3"#, false),
    (r#"true ? 1 : 2 ? 3 : 4"#, false),
    (r#"'$(params.x)' == 'y' && '$(params.z)' != ''"#, true),
    (r#"'$(params.x)'.startsWith('refs/')"#, true),
    (r#"int('$(params.n)') > 5"#, true),
    (r#"'$(params.n)' > 5"#, false),
    (r#"[,]"#, true),
    (r#"{,}"#, true),
    (r#"google.protobuf.FileDescriptorProto"#, false),
    (r#"google.protobuf.Struct{} == {}"#, true),
    (r#"google.protobuf.Int64Value{value: 1} == 1"#, true),
    (
        r#"google.protobuf.Duration{seconds: 1} < duration('1s')"#,
        true,
    ),
    (r#"google.protobuf.NullValue.NULL_VALUE == 0"#, true),
    (r#"type(1) == google.protobuf.Timestamp"#, true),
    (r#"[1].all(__result__, true)"#, false),
    (r#"[1].map(x, __result__)"#, false),
    (r#"[1].all(if, true)"#, false),
    (r#"[1].map(1, 1)"#, false),
    (r#"[1].map(x, x > 0, x)"#, true),
    (r#"[1].map(x, 1, x)"#, false),
    (r#"{'a':1}.map(k, k)"#, true),
    (r#"[1].exists(x, x)"#, false),
    (r#"[1].all(x, 1)"#, false),
    (r#"dyn(1).all(x, x)"#, true),
    (r#"[1, 2].map(x, [x])[0] + ['a']"#, false),
    (r#"{}.a"#, true),
    (r#"{1: 'a'}.a"#, true),
    (r#"{'a': {'b': 1}}.a.b == 'x'"#, false),
    (r#"[] == []"#, true),
    (r#"int == 1"#, false),
    (r#"null == null"#, true),
    (r#"null != [1]"#, false),
    (r#"null == duration('1s')"#, true),
    (r#"null == type(1)"#, false),
    (r#"[1][0u]"#, false),
    (r#"[1][dyn(0)]"#, true),
    (r#"1 + 2.0"#, false),
    (r#"size('a') == 1u"#, false),
    (r#"[1, 2.0][0] == 'a'"#, true),
    (r#"true ? 1 : 2.0"#, false),
    (r#"true ? [] : [1]"#, true),
    (r#"(true ? [1] : [])[0] == 'a'"#, false),
    (r#"1 in []"#, true),
    (r#"[] in [[1]]"#, true),
    (r#"matches('a')"#, false),
    (r#"bytes(1)"#, false),
    (r#"uint(-1)"#, true),
    (r#"bool(1)"#, false),
    (r#"type(type)"#, true),
    (r#"-1u"#, false),
    (r#"-1.5"#, true),
    (r#"- 9223372036854775808"#, true),
    (r#"-9223372036854775809"#, false),
    (r#"0x8000000000000000"#, false),
    (r#"-0x8000000000000000"#, true),
    (r#"1e400"#, false),
    (r#"'\ud800'"#, false),
    (r#"'\U00110000'"#, false),
    (r#"b'\u0041'"#, false),
    (r#"b'\x41'"#, true),
    (r#"'\400'"#, false),
    (r#"'''a'b'''"#, true),
    (r#""""a"b""""#, true),
    (r#"r'a\'"#, true),
    (r#"R"x""#, true),
    (r#"B'x'"#, true),
    (r#"rb'x'"#, false),
    (r#"br'x'"#, true),
    (r#"'a' 'b'"#, false),
    (r#"a.b.c()"#, false),
    (r#"1.0.size()"#, false),
    (r#"0.5.x"#, false),
    (r#"a?b:c"#, false),
    (r#"1 ? : 2"#, false),
    (r#"(1)(2)"#, false),
    (r#".size('a')"#, true),
    (r#"[1].size(1)"#, false),
    (r#"has({}.a, 1)"#, false),
    (r#"has()"#, false),
    (r#"1e-400 == 0.0"#, true),
    (r#"1.8e308"#, false),
    (r#"0x"#, false),
    (r#"0X1"#, false),
    (r#"1e"#, false),
    (r#"1e+"#, false),
    (r#"1.e5"#, false),
    (r#"01 == 1"#, true),
    (r#"00x1"#, false),
    (r#"{'a':1}.`a`()"#, false),
    (r#"a.b{}"#, false),
    (r#".a"#, false),
    (r#"google.protobuf.Timestamp{}.seconds"#, false),
    (r#"{'a': 1}.a()"#, false),
    (r#"true ? true ? 1 : 2 : 3"#, false),
    (r#"!-1"#, false),
    (r#"-!true"#, false),
    (r#"-'a'.size()"#, true),
    (r#"[{'a':1}].exists(m, m.b == 'x')"#, false),
    (r#"dyn({}).a.b.c"#, true),
    (r#"[1].map(x, x).map(y, y + 'a')"#, false),
    (r#"[1].exists(x, [2].exists(x, x == 1))"#, true),
    (r#"{'a':1}.filter(k, k == 'a')[0] == 1"#, false),
    (r#"[1,2].map(x, x > 1, 'a')[0] == 'a'"#, true),
    (r#"'a' + null"#, false),
    (r#"[null] + [1]"#, false),
    (r#"{'a': null}['a'] == 1"#, false),
    (r#"'a' in [dyn(1), 2]"#, true),
    (r#"[[1], ['a']][0][0] == 'b'"#, true),
    (r#"[[1], []][0][0] == 'b'"#, false),
    (r#"[[], [1]][0][0] == 'b'"#, false),
    (r#"{'a': [], 'b': [1]}['a'][0] == 'x'"#, false),
    (r#"timestamp('2020-01-01T00:00:00Z') == null"#, true),
    (r#"string(null)"#, true),
    (r#"dyn(null) == 1"#, true),
    (r#"'a' = 'b'"#, false),
    (r#"'a' & 'b'"#, false),
    (r#"x == 'a' || true"#, false),
    (r#"[1].exists(x, x == 'a' || y)"#, false),
    // cel-go allows cross-type numeric comparisons once its checker has entered a macro.
    (r#"[1].all(x, true) && 0u <= 1"#, true),
    (r#"0u <= 1 && [1].all(x, true)"#, false),
    (r#"[1].exists(x, x < 1.5)"#, true),
    (r#"1 < 1.5 || [1].exists(x, true)"#, false),
    (r#"[[1].exists(x, true), 1 < 2.0]"#, true),
    (r#"[1 < 2.0, [1].exists(x, true)]"#, false),
    // Operands are all typed before they are unified with what the operator needs.
    (r#"([] + dyn('a')).map(x, x, (x).seconds)"#, true),
    (r#"{-3: ({}).map(x, x, {[1, 'a']: x, "b": {}})}"#, false),
    (r#"[].all(y, !(y && y in y.map(x, false)))"#, true),
    (r#"[].exists(x, x && [x, 1.5].all(y, x) || x)"#, false),
];

#[test]
fn compiles_exactly_when_cel_go_does() {
    let wrong: Vec<String> = VERDICTS
        .iter()
        .filter_map(|(expression, compiles)| {
            let found = problems(expression);
            (found.is_empty() != *compiles)
                .then(|| format!("{expression:?}: cel-go compiles: {compiles}, we found {found:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The first problem's underlined text and message.
fn first(expression: &str) -> (&str, String) {
    let found = problems(expression);
    let problem = found.first().expect("a problem");
    (&expression[problem.range.clone()], problem.message.clone())
}

#[test]
fn problems_point_at_their_cause() {
    assert_eq!(
        first("foo == 'a'"),
        ("foo", "undeclared reference to `foo`".to_owned())
    );
    assert_eq!(
        first("'x' == 'a' && '$(params.n)' > 5"),
        (
            "'$(params.n)' > 5",
            "`>` cannot be applied to string and int".to_owned()
        )
    );
    assert_eq!(
        first("'a' == == 'b'"),
        ("==", "syntax error: unexpected `==`".to_owned())
    );
    assert_eq!(first("'a' == ").0, "==");
    let (at, message) = first("$(params.x) == 'a'");
    assert_eq!(at, "$");
    assert!(message.contains("quote them"), "{message}");
    assert_eq!(
        first("'a'.contains(1)"),
        (
            "'a'.contains(1)",
            "no overload of `contains` on string takes (int)".to_owned()
        )
    );
    assert_eq!(
        first("[1].exists(x, x)"),
        ("x", "the condition must be a bool, not int".to_owned())
    );
    assert_eq!(first("'abc'.foo()").0, "foo");
}

#[test]
fn every_type_error_is_reported() {
    let found = problems("a == b");
    let names: Vec<&str> = found.iter().map(|p| &"a == b"[p.range.clone()]).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn nesting_and_size_are_limited_without_overflowing_the_stack() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(!problems(&deep).is_empty());
    let long_sum = vec!["1"; 300].join(" + ");
    assert!(!problems(&long_sum).is_empty());
    let long_and = vec!["true"; 5_000].join(" && ");
    assert!(problems(&long_and).is_empty());
    let list = format!("[{}]", vec!["1"; 20_000].join(", "));
    assert!(problems(&list).is_empty());
    assert!(!problems(&"1".repeat(100_001)).is_empty());
}
