"""nbgrader configuration for the conclab course (works as is from the repository root)."""
import os

c = get_config()  # noqa: F821 - provided by nbgrader/traitlets

c.CourseDirectory.course_id = "conclab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"

# Cleared solution cells get the same text as the generated stubs.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError"}

# Execute.timeout wins over ExecutePreprocessor.timeout (nbgrader issue #1463).
c.Execute.timeout = 120

# The exchange lives beside the course and is created on first use.
c.Exchange.root = os.path.join(c.CourseDirectory.root, ".exchange")
c.Exchange.path_includes_course = True
