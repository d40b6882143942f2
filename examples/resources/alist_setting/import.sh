# By key. Destroy then puts back the value the setting had at the import.
terraform import alist_setting.title site_title
