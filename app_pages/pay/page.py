"""Pay progression (/pay): what someone earns year by year in a title, if promoted, and where a salary sits in its band.

URL: ?title=<title or class code>&start=<YYYY-MM-DD>&years=<1-20>&cola=<percent>&years_in_title=<years already
served in the title at the start>&current_salary=<annual salary at the start>&range_pct=<percent a year up a range
that states only its bounds; default 3>&longevity=<assumed NY longevity, dollars a year>&longevity_after=<years at the
job rate; default 5>&experience=<years at the start>&education=<level>&target=<title to promote
to>&promote=<YYYY-MM-DD>&schedule=<schedule id>&salary=<annual salary to compare in the bands>.
"Stay in title" is the answer `python -m analytics pay --title --start --years --cola --years-in-title
--current-salary --range-pct --longevity --longevity-after` prints.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.ladders.eligibility import NOT_STATED
from analytics.pay.paths import STAY
from analytics.pay.steps import RANGE_SCHEDULE_PREFIX, pay_basis_words
from analytics.pay.trajectory import MAX_COLA_PCT, MAX_YEARS
from analytics.vocabulary import DEFAULT_EDUCATION, EDUCATION_LABELS, EDUCATION_LEVELS, title_key
from app_pages.pay.figures import band_figure, band_table, cumulative_figure, salary_figure
from app_pages.shared import career_loaders, loaders
from app_pages.shared import url_state as us
from app_pages.shared.downloads import chart_downloads, file_stem, table_downloads
from app_pages.shared.plain import code, plain
from app_pages.shared.print_report import report_button, report_html
from app_pages.shared.theme import money, years_text

KEY = {name: f"pay.{name}" for name in
       ("title", "start", "years", "cola", "years_in_title", "current_salary", "range_pct", "longevity",
        "longevity_after", "experience", "education", "target", "promote", "schedule", "salary")}
MAX_RANGE_PCT = 20.0
AT_ELIGIBILITY, ON_DATE = "Promote at eligibility", "Promote on the chosen date"
MAX_SALARY = 10_000_000.0
CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
DOLLARS = "$%,.0f"
URL_PATH = next(p.url_path for p in us.PAGES if p.script == "app_pages/pay/page.py")

catalog = loaders.catalog_titles()
titles = sorted(set(catalog["title"]), key=str.casefold)
by_name = {t.casefold(): t for t in titles} | {title_key(t): t for t in titles}
by_name |= {code.casefold(): t for t, code in catalog.select("title", "class_code").drop_nulls().iter_rows()}
schedules = career_loaders.schedule_ids()


def parse_title(raw: str) -> str:
    """Return the job class title a URL names by title or class code."""
    text = " ".join(raw.split())
    found = by_name.get(text.casefold()) or by_name.get(title_key(text))
    if found is None:
        raise ValueError("no title or class code matches")
    return found


def _new_title() -> None:
    """Another title has other titles up and another schedule: start those choices afresh."""
    for name in ("target", "promote", "schedule"):
        st.session_state[KEY[name]] = None if name == "promote" else ""


def _schedule_words(paid: dict) -> str:
    """Return "NYS_PST_PEF SG-18", or "its stated salary range (range only: 3% a year assumed)"."""
    return pay_basis_words(paid["schedule_id"], paid["grade"], range_only=bool(paid.get("range_only")),
                           range_pct=range_pct / 100)


def _eligible_words(target: dict) -> str:
    if target["eligible_now"]:
        return "eligible from the start"
    if target.get("status") == NOT_STATED:
        return "requirements not stated, so no eligibility date"
    if target["years_to_eligible"] is None:
        return "not open to this education"
    return f"eligible {years_text(target['years_to_eligible'])} after the start ({target['earliest_eligible_date']})"


SPEC: us.Spec = {
    "title": ("", parse_title),
    "start": (None, us.iso_date),  # no default date: the date shown is always in the link
    "years": (10, us.integer(1, MAX_YEARS)),
    "cola": (0.0, us.number(0, MAX_COLA_PCT)),
    "years_in_title": (0.0, us.number(0, 80)),
    "current_salary": (None, us.number(0, MAX_SALARY)),
    "range_pct": (3.0, us.number(0.1, MAX_RANGE_PCT)),
    "longevity": (None, us.number(1, 100_000)),
    "longevity_after": (5, us.integer(1, 40)),
    "experience": (0.0, us.number(0, 80)),
    "education": (DEFAULT_EDUCATION, us.one_of(EDUCATION_LEVELS, what="education level")),
    "target": ("", parse_title),
    "promote": (None, us.iso_date),
    "schedule": ("", us.one_of(schedules, what="pay schedule")),
    "salary": (None, us.number(0, MAX_SALARY)),
}

st.title("Pay progression")
st.caption("What will someone earn, year by year, staying in a title or promoted? Pay starts where the person is "
           "(the hiring rate for a new hire, the step their years in the title reach, or their current salary) and "
           "follows the title's schedule: every table version from its date, steps, job rate, promotion rule.")
values, _ = us.read_view(SPEC)
report_slot = st.empty()  # the printable report of the view, known once the page is drawn
charts: list[tuple[str, go.Figure]] = []  # what the report prints, in the page's order
printed: list[tuple[str, pl.DataFrame]] = []
for name, key in KEY.items():
    us.init_widget(key, dt.date.today() if name == "start" and values[name] is None else values[name])

row = st.columns([4, 1.6, 1.2, 1.2])
title = row[0].selectbox("Title", ["", *titles], key=KEY["title"], format_func=lambda t: t or "Choose a title…",
                         on_change=_new_title)
start = row[1].date_input("Start in the title", key=KEY["start"], format="YYYY-MM-DD", min_value=us.EARLIEST_DATE,
                          max_value=us.LATEST_DATE,
                          help="Day one at the hiring rate; the pay schedule in effect that day applies.")
years = row[2].number_input("Years shown", min_value=1, max_value=MAX_YEARS, step=1, key=KEY["years"])
cola = row[3].number_input("COLA % a year", min_value=0.0, max_value=MAX_COLA_PCT, step=0.5, format="%g",
                           key=KEY["cola"], help="A general increase on every anniversary of the start.")
row = st.columns([1.6, 1.6, 1.6, 1.7, 1.7])
years_in_title = row[0].number_input("Years already in the title", min_value=0.0, max_value=80.0, step=0.5,
                                     format="%g", key=KEY["years_in_title"],
                                     help="Service in the title before the start: pay starts on the step it reaches.")
current_salary = row[1].number_input("Current salary (optional)", min_value=0.0, max_value=MAX_SALARY, step=1000.0,
                                     format="%.0f", key=KEY["current_salary"], placeholder="from the schedule",
                                     help="The person's annual salary at the start; it wins over the years in title.")
range_pct = row[2].number_input("Range increase % a year", min_value=0.1, max_value=MAX_RANGE_PCT, step=0.5,
                                format="%g", key=KEY["range_pct"],
                                help="For a title paid on a range that states only a minimum and a maximum: the "
                                     "yearly increase assumed up to the maximum.")
longevity = row[3].number_input("Longevity $ a year (assumed)", min_value=1.0, max_value=100_000.0, step=250.0,
                                format="%.0f", key=KEY["longevity"], placeholder="none",
                                help="New York: an amount added after some years at the job rate. No source read "
                                     "here gives the amounts, so it is an assumption you type; empty means none.")
longevity_after = row[4].number_input("Longevity after (years at JR)", min_value=1, max_value=40, step=1,
                                      key=KEY["longevity_after"], disabled=longevity is None)
pay = career_loaders.title_pay(title, on=start, range_pct=range_pct / 100) if title else None
own_schedule = pay["schedule_id"] if pay else None

if pay and own_schedule:
    st.markdown("**Promotion**")
    row = st.columns([1.2, 2, 4, 1.6])
    experience = row[0].number_input("Experience at start", min_value=0.0, max_value=80.0, step=0.5, format="%g",
                                     key=KEY["experience"], help="Years of qualifying experience on the start date.")
    education = row[1].selectbox("Education", EDUCATION_LEVELS, key=KEY["education"],
                                 format_func=EDUCATION_LABELS.get)
    view = career_loaders.ladder(title, years_total=experience, years_in_title=0.0, education=education, as_of=start)
    targets = view.targets.filter(pl.col("pay_schedule_id").is_not_null())
    offered = targets["title"].to_list()
    if st.session_state[KEY["target"]] not in ("", *offered):
        us.show_notices([f"`{st.session_state[KEY['target']]}` is not a title up from {title} with pay loaded; "
                         "showing the soonest one."])
        st.session_state[KEY["target"]] = ""
    target = row[2].selectbox(
        "Promote to", ["", *offered], key=KEY["target"], disabled=not offered,
        format_func=lambda t: t or (f"Soonest: {offered[0]}" if offered else "No title up with pay loaded"),
    )
    if st.session_state[KEY["promote"]] is not None and st.session_state[KEY["promote"]] < start:
        us.show_notices([f"The promotion date {st.session_state[KEY['promote']]} is before the start; left out."])
        st.session_state[KEY["promote"]] = None
    promote = row[3].date_input("Promote on (optional)", key=KEY["promote"], format="YYYY-MM-DD",
                                min_value=start, max_value=us.LATEST_DATE,
                                help="A third path: promoted on this date.")
else:  # not shown: keep the link's values as they are
    experience, education, target, promote = (st.session_state.get(KEY[k], values[k]) for k in
                                              ("experience", "education", "target", "promote"))


def _show_trajectory() -> float | None:
    """The paths' charts, totals and table; return the year-1 salary of staying."""
    chosen = targets.filter(pl.col("title") == (target or offered[0])).row(0, named=True) if offered else None
    promotions = {AT_ELIGIBILITY: chosen["earliest_eligible_date"], ON_DATE: promote} if chosen else {}
    trajectory, totals = career_loaders.trajectory(
        title, start=start, years=years, cola_pct=cola,
        target=(chosen["title"], chosen["node_id"]) if chosen else None, promotions=promotions,
        range_pct=range_pct / 100, years_in_title=years_in_title, current_salary=current_salary,
        longevity=(longevity, longevity_after) if longevity is not None else None,
    )
    labels = {STAY: "Stay in title"}
    if chosen:
        when = "from the start" if chosen["eligible_now"] else f"{chosen['earliest_eligible_date']:%b %Y}"
        labels[AT_ELIGIBILITY] = f"Promote at eligibility ({when})"
        labels[ON_DATE] = f"Promote on {promote:%d %b %Y}" if promote else ON_DATE
        paid_on = _schedule_words({"schedule_id": chosen["pay_schedule_id"], "grade": chosen["pay_grade"]})
        st.caption(f"Promotion to **{plain(chosen['title'])}** ({plain(paid_on)}): {plain(_eligible_words(chosen))} — "
                   f"{plain(chosen['binding_constraint'])}.")
    shown = {k: v for k, v in labels.items() if k in set(trajectory["path_id"])}
    printed.append(("Totals", totals.select(pl.col("path_id").replace(shown).alias("Path"),
                                            pl.col("total_earnings").alias("Total earnings"),
                                            pl.col("final_salary").alias(f"Salary in year {years}"),
                                            pl.col("more_than_staying").alias("Earnings more than staying"))))
    for column, total in zip(st.columns(3)[:totals.height], totals.iter_rows(named=True), strict=True):
        delta = None if total["path_id"] == STAY else f"{money(total['more_than_staying'])} more than staying"
        column.metric(shown[total["path_id"]], money(total["total_earnings"]), delta, border=True,
                      help=f"Earned over {years} years; year {years} salary {money(total['final_salary'])}.")
    shown_charts = (("Salary by year", "salary", salary_figure(trajectory, shown)),
                    ("Cumulative earnings", "cumulative", cumulative_figure(trajectory, shown)))
    for column, (name, kind, fig) in zip(st.columns(2), shown_charts, strict=True):
        with column:
            st.plotly_chart(fig, config=CHART_CONFIG, key=f"pay.{kind}_chart")
            chart_downloads(fig, stem=file_stem("pay", title, kind), key=f"pay.{kind}_chart.download")
        charts.append((name, fig))
    command = f"python -m analytics pay --title \"{title}\" --start {start} --years {years}"
    command += f" --cola {cola:g}" if cola else ""
    command += f" --years-in-title {years_in_title:g}" if years_in_title and current_salary is None else ""
    command += f" --current-salary {current_salary:.0f}" if current_salary is not None else ""
    command += f" --range-pct {range_pct:g}" if range_pct != SPEC["range_pct"][0] else ""
    command += f" --longevity {longevity:.0f}" if longevity is not None else ""
    command += f" --longevity-after {longevity_after}" if longevity is not None and longevity_after != 5 else ""
    st.caption(f"Staying matches {code(command)}. A promotion pays the new grade's rate by its schedule's "
               "rule (New York: the higher of the new hiring rate and the old salary plus 3% for one grade up to 9% "
               "for five, Civil Service Law s.131(2); the General Schedule: two steps of the old grade).")
    with st.expander("Year by year"):
        table = trajectory.sort(pl.col("path_id") != STAY, "path_id", "year").select(
            pl.col("path_id").replace(shown), "year", "year_start_date", "grade", "step_label", "salary", "earnings",
                                  "cumulative_earnings")
        st.dataframe(table, hide_index=True, column_config={
            "path_id": "Path", "year": "Year", "year_start_date": "From", "grade": "Grade", "step_label": "Step",
            "salary": st.column_config.NumberColumn("Salary", format=DOLLARS),
            "earnings": st.column_config.NumberColumn("Earned in the year", format=DOLLARS),
            "cumulative_earnings": st.column_config.NumberColumn("Cumulative", format=DOLLARS)})
        table_downloads({"Trajectory": table}, stem=f"pay-{title_key(title)}", key="pay.trajectory")
    printed.append(("Year by year", table.rename({
        "path_id": "Path", "year": "Year", "year_start_date": "From", "grade": "Grade", "step_label": "Step",
        "salary": "Salary", "earnings": "Earnings in the year", "cumulative_earnings": "Cumulative earnings"})))
    return trajectory.filter((pl.col("path_id") == STAY) & (pl.col("year") == 1))["salary"][0]


first_salary = None
if not title:
    st.info("Choose a title to see its pay year by year; the pay bands of any schedule are below.")
elif not own_schedule:
    grade = (pay or {}).get("stated_grade") or "not stated"
    st.info(f"No pay schedule or salary range is loaded for {plain(title)} (grade {plain(grade)}); its pay cannot be "
            "projected.")
else:
    st.subheader(plain(f"{title}: {_schedule_words(pay)}"), anchor=False)
    first_salary = _show_trajectory()

st.subheader("Pay bands", anchor=False)
row = st.columns([2, 2, 4])
on_range = bool(own_schedule) and own_schedule.startswith(RANGE_SCHEDULE_PREFIX)
default_schedule = own_schedule if own_schedule else (schedules[0] if schedules else "")
default_label = "the title's stated range" if on_range else f"{default_schedule} (default)"
schedule = row[0].selectbox("Schedule", ["", *schedules], key=KEY["schedule"],
                            format_func=lambda s: s or default_label)
salary = row[1].number_input("Salary to compare", min_value=0.0, max_value=MAX_SALARY, step=1000.0, format="%.0f",
                             key=KEY["salary"], placeholder=f"year 1: {money(first_salary)}" if first_salary
                             else "annual salary")
shown_view = {"title": title, "start": start, "years": years, "cola": cola, "years_in_title": years_in_title,
              "current_salary": current_salary, "range_pct": range_pct, "longevity": longevity,
              "longevity_after": longevity_after, "experience": experience, "education": education, "target": target,
              "promote": promote, "schedule": schedule, "salary": salary}
us.write_view(shown_view)

compared = salary if salary is not None else first_salary
shown_schedule = schedule or default_schedule
if not shown_schedule:
    st.info("No pay schedule is loaded.")
    st.stop()
if shown_schedule == own_schedule and on_range:
    bands = career_loaders.title_bands(title, on=start, annual_salary=compared)
else:
    bands = career_loaders.schedule_bands(shown_schedule, on=start, annual_salary=compared)
if bands.is_empty():
    st.info(f"No pay bands for {plain(shown_schedule)}.")
    st.stop()
highlight = pay["grade"] if pay and shown_schedule == own_schedule else None
bands_chart = band_figure(bands, salary=compared, highlight=highlight)
bands_stem = file_stem("pay-bands", shown_schedule, start)
st.plotly_chart(bands_chart, config=CHART_CONFIG, key="pay.bands_chart")
chart_downloads(bands_chart, stem=bands_stem, key="pay.bands_chart.download")
mine = bands.filter(pl.col("grade") == highlight) if highlight else bands.clear()
if compared is not None and mine.height:
    here = mine.row(0, named=True)
    cells = st.columns(4)
    cells[0].metric("Salary compared", money(compared), border=True)
    cells[1].metric(f"Compa-ratio in {plain(highlight)}", f"{here['compa_ratio']:.2f}", border=True,
                    help="Salary ÷ the band's midpoint: 1.00 is the midpoint.")
    penetration = here["range_penetration"]
    cells[2].metric("Range penetration", "single rate" if penetration is None else f"{penetration:.0%}", border=True,
                    help="How far into the band: 0% at the minimum, 100% at the maximum.")
    cells[3].metric("Band midpoint", money(here["midpoint_annual"]), border=True)
columns = {"grade": "Grade", "min_annual": st.column_config.NumberColumn("Minimum", format=DOLLARS),
           "midpoint_annual": st.column_config.NumberColumn("Midpoint", format=DOLLARS),
           "max_annual": st.column_config.NumberColumn("Maximum", format=DOLLARS),
           "range_spread": st.column_config.NumberColumn("Spread", format="percent"),
           "overlap_with_next": st.column_config.NumberColumn("Overlap with next", format="percent"),
           "compa_ratio": st.column_config.NumberColumn("Compa-ratio", format="%.2f"),
           "range_penetration": st.column_config.NumberColumn("Penetration", format="percent")}
effective = bands["effective_date"][0]
shown_name = f"The stated range of {title}" if on_range and shown_schedule == own_schedule else shown_schedule
st.caption(f"{plain(shown_name)}, in effect {effective:%d %B %Y}." if effective else f"{plain(shown_name)} (undated).")
st.dataframe(bands.select([c for c in columns if c in bands.columns]), hide_index=True, column_config=columns)
table_downloads({"Pay bands": band_table(bands)}, stem=bands_stem, key="pay.bands")
charts.append(("Pay bands", bands_chart))
printed.append((f"Pay bands: {shown_name}", band_table(bands)))


def _report_inputs() -> list[tuple[str, str]]:
    """The view's inputs in words, as the printable report lists them."""
    rows = [("Title", title or "none chosen"), ("Start in the title", f"{start}"), ("Years shown", f"{years}"),
            ("COLA", f"{cola:g}% a year"), ("Years already in the title", f"{years_in_title:g}"),
            ("Current salary", money(current_salary) if current_salary is not None else "from the schedule"),
            ("Range increase", f"{range_pct:g}% a year (ranges that state only a minimum and a maximum)"),
            ("Longevity", f"{money(longevity)} a year after {longevity_after} years at the job rate"
             if longevity is not None else "none")]
    if pay and own_schedule:
        rows += [("Experience at start", years_text(experience)), ("Education", EDUCATION_LABELS[education]),
                 ("Promote to", target or "the soonest title up"), ("Promote on", f"{promote or 'not chosen'}")]
    return [*rows, ("Pay bands of", shown_name), ("Salary compared", money(compared) or "none")]


build_report = partial(report_html, title=f"Pay progression: {title}" if title else "Pay bands",
                       url=us.full_url(URL_PATH, shown_view, SPEC), data_version=loaders.data_version(),
                       inputs=_report_inputs(), figures=tuple(charts), tables=tuple(printed))
with report_slot.container():
    report_button("Printable report (HTML)", build_report, stem=file_stem("pay", title or "bands", start, "report"),
                  key="pay.report")
