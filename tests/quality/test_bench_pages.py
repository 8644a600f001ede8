"""`make bench --quick` reads every console page it times from its smallest fill.

The bench crashed on a company page that only the 10,000-row fill holds ("GET
/console/companies/4322 answered 404"); the pages are now checked against the fill `--quick`
makes, here on the test database.
"""

from bench import fill
from bench.console_bench import CONSOLE_PAGES, HEADERS

QUICK_SMALL_FILL = 1_000  # bench/__main__.py: console_small with --quick


def test_every_console_bench_page_is_there_in_the_quick_fill(app, database_url, auth):
    assert fill.fill(database_url, QUICK_SMALL_FILL, companies=True) == QUICK_SMALL_FILL
    client = auth("officer")
    answers = {
        # Sent as the bench sends them: the timeline's older page is a fragment for htmx only.
        name: client.get(path_of(database_url), headers=HEADERS.get(name, {})).status_code
        for name, path_of in CONSOLE_PAGES.items()
    }
    assert answers == dict.fromkeys(CONSOLE_PAGES, 200)
