"""The school's records: the roll from the MIS (CSV, CTF), contacts, SEN history, exports
back to the MIS, the new school year and leavers, transition packs, subject access and
retention. PDF and CSV rendering for other features live here too (pdf.py, csv_export.py).

Services (roll, imports, contacts, leavers, transition, subject_access, retention...) never
read the request or build URLs; the routes_* modules are the SENCO's pages and the parent's
subject access page.
"""
