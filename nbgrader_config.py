"""nbgrader configuration for the conclab course (works as is from the repository root)."""
import os

c = get_config()  # noqa: F821 - provided by nbgrader/traitlets

c.CourseDirectory.course_id = "conclab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"

# Never release or collect a loose .py: running a source notebook writes the
# solution module <slug>.py beside it, and a submitted one is rewritten by
# the notebook's own answer cell when it is autograded.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# Cleared solution cells get the same text as the generated stubs.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError"}

# Execute.timeout wins over ExecutePreprocessor.timeout (nbgrader issue #1463).
# A grade cell may run a whole grader (each of its tests has its own limit;
# conclab.notebook.GRADE_TIMEOUT stops the grader first, with a message).
c.Execute.timeout = 600

# The exchange lives beside the course and is created on first use.
c.Exchange.root = os.path.join(c.CourseDirectory.root, ".exchange")
c.Exchange.path_includes_course = True
