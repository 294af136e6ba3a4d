//! CEL expressions of `when[].cel` (catalogue `when-cel-invalid`): upstream compiles each one
//! with cel-go in an empty environment (`cel.NewEnv()`: the standard library and its macros,
//! no variables), before Tekton substitutes its `$(...)` variables. Compiling parses and type
//! checks, so an expression is rejected for a syntax error, for a name that is not declared
//! (`params.x`, an unquoted `$(...)`), or for an operator or function without an overload for
//! its argument types (`'a' == 1`).
//!
//! [`problems`] reproduces that: [`lex`] and [`parse`] follow the CEL grammar and cel-go's
//! parse-time checks, [`check`] its type checker for the standard library.

mod check;
mod lex;
mod parse;

#[cfg(test)]
mod tests;

use std::ops::Range;

/// Why an expression does not compile, at a byte range of the expression.
#[derive(Debug)]
pub(crate) struct Problem {
    pub range: Range<usize>,
    pub message: String,
}

impl Problem {
    fn new(range: Range<usize>, message: String) -> Self {
        Problem { range, message }
    }
}

/// Everything that keeps `expression` from compiling: the first syntax error, or every type
/// error; empty when it compiles.
pub(crate) fn problems(expression: &str) -> Vec<Problem> {
    match parse::parse(expression) {
        Ok(expr) => check::check(&expr),
        Err(problem) => vec![problem],
    }
}
