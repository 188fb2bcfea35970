"""Tools that build and check the course outside the lessons: browser runs, the static site."""
