"""``conclab grade``: bulk grading in small named steps (nbgrader's converters).

:mod:`submissions` turns what a student handed in into one module per
exercise; :mod:`sandbox` and :mod:`channel` run a grader on it where it can
harm nothing and cannot lie about its score; :mod:`gradebook` keeps every
result in SQLite, so a run resumes where it stopped; :mod:`reports` writes
the CSV, Gradescope's results.json and the feedback pages; :mod:`runner`
puts the steps in order and schedules them.
"""
