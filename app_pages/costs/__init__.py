"""The Staffing costs page: page script, scenario builder, loaders, view, figures and exports."""
