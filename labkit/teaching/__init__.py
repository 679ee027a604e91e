"""The teaching layer: exercise checks with hints, and the small helpers notebooks show learners."""
