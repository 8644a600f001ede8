"""`flask seed-demo` adds one course test with about twenty matched participants, once."""

from smeup.extensions import db
from smeup.models.prepost import CourseTest, TestAttempt
from smeup.prepost.results import counted, test_figures


def test_seed_demo_adds_a_course_test_whose_results_have_real_charts(app, runner, auth):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # twice adds nothing
    with app.app_context():
        tests = db.session.scalars(db.select(CourseTest)).all()
        assert len(tests) == 1 and tests[0].max_score == 16
        fig = test_figures(tests[0], counted(tests[0].id))
        assert (fig.n_pre, fig.n_post, fig.n_matched) == (22, 20, 20)
        assert fig.mean_gain > 0 and fig.d_z is not None
        assert db.session.scalar(db.select(db.func.count()).select_from(TestAttempt)) == 42
        test_id = tests[0].id
    page = auth("officer").get(f"/console/tests/{test_id}/results").get_data(as_text=True)
    assert page.count("<circle") == 40 and "斜線圖" in page
