"""The Workforce projection page (/workforce)."""
