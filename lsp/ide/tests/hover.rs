//! Hover at a `█` cursor.

mod support;

use support::{BUILD_TASK, fixture, single};
use tekton_ide::hover;

fn show(fixture: &support::Fixture) -> String {
    hover(&fixture.workspace, &fixture.file, fixture.offset).map_or_else(
        || "(nothing)".to_owned(),
        |h| {
            let text = support::text(fixture, fixture.file.as_str());
            format!("[{}]\n{}", &text[h.span.start..h.span.end], h.markdown)
        },
    )
}

const PIPELINE: &str = "\
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  params:
    - name: repo
      description: Where the sources are.
      default: https://example.com/app.git
  tasks:
    - name: build
      taskRef:
        name: bu█ild
      params:
        - name: revision
          value: $(params.repo)
";

#[test]
fn task_ref_shows_the_task() {
    let f = fixture(&[("task.yaml", BUILD_TASK), ("pipeline.yaml", PIPELINE)]);
    insta::assert_snapshot!(show(&f), @r"
    [build]
    **Task `build`** (task.yaml)

    Builds the image.

    | Param | Type | Default | Description |
    |---|---|---|---|
    | `revision` | string | *required* | The commit to build. |
    | `flags` | array | `[]` |  |
    | `image` | string | `registry/app` |  |

    **Results**: `digest`, `url`

    **Workspaces**: `source`, `cache` (optional)
    ");
}

#[test]
fn a_reference_shows_its_declaration() {
    let text = PIPELINE
        .replace("bu█ild", "build")
        .replace("params.repo", "params.re█po");
    let f = fixture(&[("task.yaml", BUILD_TASK), ("pipeline.yaml", &text)]);
    insta::assert_snapshot!(show(&f), @r"
    [repo]
    **param `repo`** · `string` · default `https://example.com/app.git`

    Where the sources are.

    Declared in Pipeline `release` (pipeline.yaml:7)
    ");
    let text = PIPELINE
        .replace("bu█ild", "build")
        .replace("name: revision", "name: rev█ision");
    let f = fixture(&[("task.yaml", BUILD_TASK), ("pipeline.yaml", &text)]);
    insta::assert_snapshot!(show(&f), @r"
    [revision]
    **param `revision`** · `string` · required

    The commit to build.

    Declared in Task `build` (task.yaml:8)
    ");
}

#[test]
fn keys_show_the_schema_description() {
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: a\n      image: x\n      env:\n        - name: A\n          value█From: {}\n",
    );
    insta::assert_snapshot!(show(&f), @r"
    [valueFrom]
    **valueFrom** · `EnvVarSource`

    Source for the environment variable's value. Cannot be used if value is not empty.
    ");
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: a\n      onError: contin█ue\n",
    );
    insta::assert_snapshot!(show(&f), @r"
    [continue]
    **onError: `continue`**

    Record the failure and carry on; the run can still succeed.
    ");
}

#[test]
fn context_variables() {
    let f = single(
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: a\n      script: echo $(context.taskRun.na█me)\n",
    );
    insta::assert_snapshot!(show(&f), @r"
    [$(context.taskRun.name)]
    **`$(context.taskRun.name)`**

    The name of the TaskRun.
    ");
}
