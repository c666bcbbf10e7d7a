<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../cmdmap/ui/app.py" line="+80"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../cmdmap/ui/staff_register.py" line="+172"/>
        <source>Assign</source>
        <translation>新增分工</translation>
    </message>
</context>
<context>
    <name>AssignmentFields</name>
    <message>
        <location line="-108"/>
        <source>Code, or the name of a grid or compound</source>
        <translation>编号，或网格、小区的名称</translation>
    </message>
</context>
<context>
    <name>AttributeForm</name>
    <message>
        <location filename="../../cmdmap/ui/attribute_form.py" line="+58"/>
        <source>* required</source>
        <translation>* 必填</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal data: shown masked; show it to read or change it.</source>
        <translation>个人信息：默认部分隐藏；点“显示”查看或修改。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>(none)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worked out from where the feature lies on the map.</source>
        <translation>由要素在地图上的位置自动确定。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>(empty)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>From %1 to %2</source>
        <translation>范围 %1 至 %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The code links register entries to this feature, so it does not change.</source>
        <translation>编号用于把登记记录关联到该要素，因此不可修改。</translation>
    </message>
</context>
<context>
    <name>BackupRestore</name>
    <message>
        <location filename="../../cmdmap/ui/backup_restore.py" line="+21"/>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+7"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>This map has not been saved to a file yet, so it has no backups.</source>
        <translation>这张作战图还没有保存为文件，因此没有备份。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No backups of this file yet: one is kept each time it is saved.</source>
        <translation>这个文件还没有备份：每次保存时会保留一份保存前的版本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved versions of this file, newest first:</source>
        <translation>这个文件以前保存的版本（最新的在前）：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The changes not yet saved will be lost. Restore anyway?</source>
        <translation>尚未保存的修改将会丢失。仍要恢复吗？</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This file has %1 backups; the newest was saved on %2. Put the newest backup back in place of the damaged file? The damaged file is kept with the backups.</source>
        <translation>这个文件有 %1 个备份，最新的一个保存于 %2。要用最新的备份替换损坏的文件吗？损坏的文件会保留在备份文件夹中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file is damaged</source>
        <translation>文件已损坏</translation>
    </message>
</context>
<context>
    <name>BuildingHeadDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="+147"/>
        <source>Set building head</source>
        <translation>设置楼栋长</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New person…</source>
        <translation>新人员…</translation>
    </message>
</context>
<context>
    <name>BuildingMenu</name>
    <message>
        <location line="+132"/>
        <source>Add isolation…</source>
        <translation>添加隔离…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isolation register of this building…</source>
        <translation>本楼隔离登记…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set building head…</source>
        <translation>设置楼栋长…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Households and residents…</source>
        <translation>户数和人数…</translation>
    </message>
</context>
<context>
    <name>ChartsDock</name>
    <message>
        <location filename="../../cmdmap/ui/charts_dock.py" line="+29"/>
        <source>Charts</source>
        <translation>统计图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> per grid</source>
        <translation>（按网格）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Isolated residents per grid</source>
        <translation>隔离人数（按网格）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Isolated residents by kind, day by day</source>
        <translation>各类隔离人数（逐日）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Take today&apos;s snapshot</source>
        <translation>记录今日快照</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No snapshot of yesterday to compare with</source>
        <translation>没有昨日快照可比较</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Since yesterday: %1</source>
        <translation>较昨日：%1</translation>
    </message>
</context>
<context>
    <name>ColouringMenu</name>
    <message>
        <location filename="../../cmdmap/ui/colouring_menu.py" line="+23"/>
        <source>Colour &amp;buildings by</source>
        <translation>楼栋着色(&amp;B)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Grid</source>
        <translation>按网格(&amp;G)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Isolation load</source>
        <translation>按隔离人数(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Staff coverage (building heads)</source>
        <translation>按楼栋长覆盖(&amp;S)</translation>
    </message>
</context>
<context>
    <name>CoordinatesDialog</name>
    <message>
        <location filename="../../cmdmap/ui/coords_dialog.py" line="+49"/>
        <source>Place at coordinates</source>
        <translation>按坐标放置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Longitude, latitude</source>
        <translation>经度,纬度</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copied from</source>
        <translation>坐标来源</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Place a</source>
        <translation>放置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AMap (高德) and Tencent maps show GCJ-02 coordinates and Baidu shows BD-09: both are shifted from GPS by a few hundred metres, and cmdmap removes that shift. Coordinates from a GPS, Tianditu or OpenStreetMap are WGS84/CGCS2000. Paste longitude first, as AMap&apos;s coordinate picker copies it. A gate goes on the nearest compound boundary.</source>
        <translation>高德地图、腾讯地图用 GCJ-02 坐标，百度地图用 BD-09 坐标，二者与 GPS 相差几百米，cmdmap 会自动纠正。GPS、天地图、OpenStreetMap 的坐标是 WGS84/CGCS2000。按高德坐标拾取器复制的格式，先经度后纬度。大门会放在最近的小区边界上。</translation>
    </message>
</context>
<context>
    <name>CopyAttributesDialog</name>
    <message>
        <location filename="../../cmdmap/ui/feature_edits.py" line="+146"/>
        <source>Copy attributes to selection</source>
        <translation>复制属性到所选要素</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copy these fields of %1 to the %2 other selected features:</source>
        <translation>把 %1 的以下属性复制到其余 %2 个所选要素：</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Tick at least one field to copy.</source>
        <translation>请至少勾选一项要复制的属性。</translation>
    </message>
</context>
<context>
    <name>CountsDock</name>
    <message>
        <location filename="../../cmdmap/ui/counts_dock.py" line="+187"/>
        <source>Counts by level</source>
        <translation>分级统计</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Micro-grid</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Count by</source>
        <translation>统计层级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>As of</source>
        <translation>统计日期</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Warnings</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Households per grid worker, at most</source>
        <translation>每名网格员户数上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid households, at least</source>
        <translation>微网格户数下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid households, at most</source>
        <translation>微网格户数上限</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid worker %1 serves %2 households (more than %3)</source>
        <translation>网格员 %1 负责 %2 户（超过 %3 户）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Micro-grid %1 has %2 households (outside %3–%4)</source>
        <translation>微网格 %1 有 %2 户（不在 %3–%4 户之间）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Building %1 has no building head</source>
        <translation>楼栋 %1 没有楼栋长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 has no grid worker</source>
        <translation>网格 %1 没有网格员</translation>
    </message>
</context>
<context>
    <name>EditMenu</name>
    <message>
        <location filename="../../cmdmap/ui/edit_menu.py" line="+31"/>
        <source>Undo &amp;history</source>
        <translation>撤销历史(&amp;H)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Edit attributes…</source>
        <translation>编辑属性(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy attributes to selection…</source>
        <translation>复制属性到所选要素(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Place at coordinates…</source>
        <translation>按坐标放置(&amp;P)…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(as opened)</source>
        <translation>（打开时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(change)</source>
        <translation>（修改）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (undone)</source>
        <translation>%1（已撤销）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../cmdmap/ui/export_dialog.py" line="+30"/>
        <location line="+51"/>
        <location line="+43"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>WGS84 longitude/latitude (GPS, standard)</source>
        <translation>WGS84 经纬度（GPS，标准坐标）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GCJ-02 — for AMap / Tencent Maps (shifted, not a standard system)</source>
        <translation>GCJ-02 火星坐标——用于高德/腾讯地图（有偏移，非标准坐标系）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BD-09 — for Baidu Maps (shifted, not a standard system)</source>
        <translation>BD-09 百度坐标——用于百度地图（有偏移，非标准坐标系）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Include personal fields (names, phone numbers, ID numbers)</source>
        <translation>包含个人信息字段（姓名、电话、身份证号）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layers and tables</source>
        <translation>图层和表格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Map format</source>
        <translation>图层格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coordinates</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Counts (households, residents, isolated, staff)</source>
        <translation>统计数（户数、人数、隔离、工作力量）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>per grid</source>
        <translation>按网格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>per micro-grid</source>
        <translation>按微网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>per compound</source>
        <translation>按小区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>per building</source>
        <translation>按楼栋</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Excel (.xlsx)</source>
        <translation>Excel 表格 (.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (.csv, opens in Excel)</source>
        <translation>CSV (.csv，可用 Excel 打开)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tables and counts as</source>
        <translation>表格和统计数格式</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Shapefiles keep the map&apos;s own coordinate system (%1).</source>
        <translation>Shapefile 保留作战图自身的坐标系（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GCJ-02 and BD-09 are the offset coordinates of Chinese web maps; choose them only to paste the data into those maps.</source>
        <translation>GCJ-02 和 BD-09 是国内网络地图使用的偏移坐标，只有要把数据放到这些地图上时才选择。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
</context>
<context>
    <name>FeatureEdits</name>
    <message>
        <location filename="../../cmdmap/ui/feature_edits.py" line="-129"/>
        <location line="+77"/>
        <source>Select a feature on the map first.</source>
        <translation>请先在地图上选择一个要素。</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>New %1</source>
        <translation>新增%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Compound %1 has %2 buildings. Delete the compound outline anyway? Its buildings stay on the map.</source>
        <translation>小区 %1 内有 %2 栋楼。仍要删除小区轮廓吗？楼栋会保留在地图上。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Building %1 has %2 isolation register entries and %3 staff assignments. They stay in the registers but no longer count in any grid. Delete anyway?</source>
        <translation>楼栋 %1 有 %2 条隔离登记、%3 条人员分工。删除后这些记录仍保留在登记表中，但不再计入任何网格。仍要删除吗？</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Click the features to change (Ctrl+click adds one), and Ctrl+click the one to copy from last.</source>
        <translation>先点选要修改的要素（按住 Ctrl 点击可多选），最后按住 Ctrl 点击要复制其属性的要素。</translation>
    </message>
</context>
<context>
    <name>FileAccess</name>
    <message>
        <location filename="../../cmdmap/ui/file_access.py" line="+21"/>
        <source>Opening the file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Implausible data in the file</source>
        <translation>文件中有不合理的数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was changed. Check these features on the map and correct them.</source>
        <translation>文件没有被改动。请在地图上检查并更正这些要素。</translation>
    </message>
    <message>
        <location line="-22"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read-only: changes cannot be saved to this file</source>
        <translation>只读：修改不能保存到这个文件</translation>
    </message>
</context>
<context>
    <name>GeorefDialog</name>
    <message>
        <location filename="../../cmdmap/ui/georef_dialog.py" line="+38"/>
        <source>Place a scanned plan</source>
        <translation>配准扫描平面图</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Scanned plan</source>
        <translation>扫描平面图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Plan column</source>
        <translation>平面图列（像素）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Plan row</source>
        <translation>平面图行（像素）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Map X (m)</source>
        <translation>地图 X（米）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Map Y (m)</source>
        <translation>地图 Y（米）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Residual (m)</source>
        <translation>残差（米）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Affine (scale, rotation and shear)</source>
        <translation>仿射变换（缩放、旋转和错切）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similarity (keeps the plan&apos;s shape)</source>
        <translation>相似变换（保持平面图形状）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete pair</source>
        <translation>删除该对控制点</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Transform:</source>
        <translation>变换：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>x, y or longitude, latitude</source>
        <translation>x, y 或 经度, 纬度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Map metres</source>
        <translation>地图坐标（米）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WGS84 (GPS)</source>
        <translation>WGS84 经纬度（GPS）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GCJ-02 (AMap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use as map point</source>
        <translation>作为地图上的点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Or type the map point:</source>
        <translation>或输入地图上的点：</translation>
    </message>
    <message>
        <location line="+56"/>
        <location line="+11"/>
        <source>First click the point on the scanned plan, then the same point on the map.</source>
        <translation>请先在扫描平面图上点击一个点，再在地图上点击同一位置。</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Type two numbers: x, y in metres, or longitude, latitude in degrees.</source>
        <translation>请输入两个数：以米为单位的 x, y，或以度为单位的经度, 纬度。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>largest</source>
        <translation>最大</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>RMS error: %1 m</source>
        <translation>均方根误差：%1 米</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Now click the same point on the map.</source>
        <translation>现在在地图上点击同一位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a point on the scanned plan, then the same point on the map (%1 more pairs needed).</source>
        <translation>在扫描平面图上点击一个点，再在地图上点击同一位置（还需 %1 对控制点）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add more pairs to check the fit, delete a pair with a large residual, or accept.</source>
        <translation>可以再加控制点检查配准效果，删除残差较大的控制点，或点击确定。</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+6"/>
        <source>Add a scanned plan</source>
        <translation>添加扫描平面图</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Images (*.png *.jpg *.jpeg);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is not a PNG or JPEG image cmdmap can read.</source>
        <translation>%1 不是 cmdmap 能读取的 PNG 或 JPEG 图片。</translation>
    </message>
</context>
<context>
    <name>GridColourMenu</name>
    <message>
        <location filename="../../cmdmap/ui/grid_colour.py" line="+70"/>
        <source>Set grid colour…</source>
        <translation>设置网格颜色…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset to automatic colour</source>
        <translation>恢复自动颜色</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Colour of grid %1</source>
        <translation>网格“%1”的颜色</translation>
    </message>
</context>
<context>
    <name>HouseholdsDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="-102"/>
        <source>Households and residents</source>
        <translation>户数和人数</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../cmdmap/ui/import_dialog.py" line="+38"/>
        <location line="+60"/>
        <location line="+32"/>
        <location line="+4"/>
        <location line="+36"/>
        <location line="+126"/>
        <source>Import vector data</source>
        <translation>导入矢量数据</translation>
    </message>
    <message>
        <location line="-245"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>As the file says</source>
        <translation>按文件自带坐标系</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This map&apos;s own system (EPSG:%1, metres; CAD drawings)</source>
        <translation>本图自身的坐标系（EPSG:%1，单位米；CAD 图纸）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>AMap, Tencent and Baidu coordinates are shifted by hundreds of metres from GPS; choose their system so the data lands in the right place.</source>
        <translation>高德、腾讯、百度地图的坐标与 GPS 相差数百米；请选择对应的坐标系，数据才会落在正确位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Coordinates of the source</source>
        <translation>源数据坐标系</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detect</source>
        <translation>自动判断</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layers of the file and where they go:</source>
        <translation>文件中的图层及导入位置：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Geometry</source>
        <translation>图形类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Import into</source>
        <translation>导入到</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fields (cmdmap field ← source field) and a preview:</source>
        <translation>字段对应（作战图字段 ← 源字段）与预览：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Vector data (*.gpkg *.shp *.geojson *.json *.kml *.dxf *.osm *.pbf);;All files (*)</source>
        <translation>矢量数据 (*.gpkg *.shp *.geojson *.json *.kml *.dxf *.osm *.pbf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+106"/>
        <location line="+37"/>
        <source>cmdmap field</source>
        <translation>作战图字段</translation>
    </message>
    <message>
        <location line="-143"/>
        <location line="+106"/>
        <location line="+37"/>
        <source>Source field</source>
        <translation>源字段</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Residential areas (landuse=residential)</source>
        <translation>居住区（landuse=residential）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Buildings (building=*)</source>
        <translation>建筑（building=*）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gates and entrances (barrier=gate, entrance=*)</source>
        <translation>大门和出入口（barrier=gate、entrance=*）</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>(none)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 does not say which coordinate system it uses. Choose it under “Coordinates of the source” and import again.</source>
        <translation>%1 没有注明所用的坐标系。请在“源数据坐标系”中选择后再导入。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
</context>
<context>
    <name>IsolationDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="-86"/>
        <source>Add isolation</source>
        <translation>添加隔离</translation>
    </message>
    <message>
        <location line="+22"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>隔离天数</translation>
    </message>
</context>
<context>
    <name>IsolationListDialog</name>
    <message>
        <location line="+89"/>
        <source>Isolation register: %1</source>
        <translation>隔离登记：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Release today</source>
        <translation>今日解除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend by 7 days</source>
        <translation>延长 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add isolation…</source>
        <translation>添加隔离…</translation>
    </message>
</context>
<context>
    <name>LegendDock</name>
    <message>
        <location filename="../../cmdmap/ui/legend.py" line="+49"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Buildings coloured by</source>
        <translation>楼栋着色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Buildings: isolated residents</source>
        <translation>楼栋：隔离人数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Buildings: building heads</source>
        <translation>楼栋：楼栋长</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/backdrop_legend.py" line="+25"/>
        <source>Scanned plans</source>
        <translation>扫描平面图（底图）</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Right-click to remove this scanned plan</source>
        <translation>右键可移除这张扫描平面图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opacity of the scanned plan</source>
        <translation>扫描平面图的不透明度</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Remove scanned plan</source>
        <translation>移除扫描平面图</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cmdmap/ui/window.py" line="+67"/>
        <source>Nothing found for “%1”</source>
        <translation>未找到“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>demo, not saved</source>
        <translation>演示数据，未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled community</source>
        <translation>未命名社区</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Coordinate reference system: EPSG:%1</source>
        <translation>坐标系：EPSG:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>X %1 m  Y %2 m</source>
        <translation>X %1 米  Y %2 米</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import vector data…</source>
        <translation>导入矢量数据(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a building &amp;roster…</source>
        <translation>导入楼栋花名册(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import an &amp;isolation roster…</source>
        <translation>导入隔离人员名单(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a s&amp;taff roster…</source>
        <translation>导入工作人员名单(&amp;T)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a scanned &amp;plan…</source>
        <translation>添加扫描平面图(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Restore a backup…</source>
        <translation>恢复备份(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放到选中要素(&amp;S)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>GeoPackage files (*.gpkg);;Data to start a new map from (*.osm *.pbf *.shp *.geojson *.json *.kml *.dxf);;All files (*)</source>
        <translation>作战图文件 (*.gpkg);;用来新建作战图的数据 (*.osm *.pbf *.shp *.geojson *.json *.kml *.dxf);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>&amp;Staff register…</source>
        <translation>工作人员登记(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>Open a battle map</source>
        <translation>打开作战图</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>Import its layers into a new battle map now?</source>
        <translation>现在把它的图层导入一张新的作战图吗？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>Opening</name>
    <message>
        <location filename="../../cmdmap/ui/opening.py" line="+32"/>
        <source>Reading the registers and counting…</source>
        <translation>正在读取登记表并统计…</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../cmdmap/ui/staff_register.py" line="+47"/>
        <source>Add person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit person</source>
        <translation>修改人员信息</translation>
    </message>
    <message>
        <location line="+20"/>
        <source> (unchanged unless you type)</source>
        <translation>（不填写则保持不变）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Assign to a grid, building or compound</source>
        <translation>同时分配负责的网格、楼栋或小区</translation>
    </message>
</context>
<context>
    <name>PersonalData</name>
    <message>
        <location filename="../../cmdmap/ui/personal_view.py" line="+22"/>
        <location line="+23"/>
        <source>Reveal personal data</source>
        <translation>显示个人信息</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Show residents&apos; and staff&apos;s names and phone numbers in full in this window&apos;s tables</source>
        <translation>在本窗口的表格中完整显示居民和工作人员的姓名、电话</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../cmdmap/ui/preferences.py" line="+49"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Blank: %1</source>
        <translation>不填则为：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name in the edit log</source>
        <translation>修改记录中的姓名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>None</source>
        <translation>不保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backups kept beside this file</source>
        <translation>本文件保留的备份份数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The edit log records who saved what, never the values of personal fields. Backups are whole copies of the file, saved before each save. A new language applies when cmdmap starts again.</source>
        <translation>修改记录只记下谁在何时保存了哪些修改，绝不记录个人信息字段的内容。备份是每次保存前整个文件的副本。界面语言在下次启动 cmdmap 时生效。</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../cmdmap/ui/print_dialog.py" line="+33"/>
        <source>Print the battle map</source>
        <translation>打印作战图</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+40"/>
        <source>Custom size</source>
        <translation>自定义尺寸</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Fit the community</source>
        <translation>适合整个社区</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One sheet</source>
        <translation>单张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poster on A4 sheets</source>
        <translation>拼贴到 A4 纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poster on A3 sheets</source>
        <translation>拼贴到 A3 纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atlas: one sheet per grid</source>
        <translation>图册：每个网格一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atlas: one sheet per micro-grid</source>
        <translation>图册：每个微网格一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print grid workers&apos; and building heads&apos; names on atlas sheets (personal data)</source>
        <translation>图册上印网格员、楼栋长姓名（个人信息）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show staff phone numbers on atlas sheets (personal data)</source>
        <translation>图册上印工作人员电话（个人信息）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print the scanned plan under the map</source>
        <translation>打印地图下方的扫描平面图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Margins</source>
        <translation>页边距</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout</source>
        <translation>版式</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Export the battle map</source>
        <translation>导出作战图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../cmdmap/ui/problems.py" line="+47"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Problems (%1 errors, %2 warnings)</source>
        <translation>问题（%1 个错误，%2 个提醒）</translation>
    </message>
</context>
<context>
    <name>PropertiesDock</name>
    <message>
        <location filename="../../cmdmap/ui/properties.py" line="+21"/>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Click a feature on the map to see it here.</source>
        <translation>在地图上点击一个要素，在此查看其属性。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Counts</source>
        <translation>统计</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../../cmdmap/ui/recovery_prompt.py" line="+18"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attributes changed</source>
        <translation>修改属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shape or position changed</source>
        <translation>修改形状或位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>added, removed or faded</source>
        <translation>新增、删除或调整透明度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Scanned plans</source>
        <translation>扫描平面图（底图）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File settings</source>
        <translation>文件设置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2 %3 处</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This file has unsaved changes from a session that ended without saving (started %1). Restore them?</source>
        <translation>这个文件有上次未保存就意外结束时留下的修改（开始于 %1）。要恢复这些修改吗？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore unsaved changes</source>
        <translation>恢复未保存的修改</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../cmdmap/ui/roster_dialog.py" line="+22"/>
        <source>Import an isolation roster</source>
        <translation>导入隔离人员名单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a staff roster</source>
        <translation>导入工作人员名单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a building roster</source>
        <translation>导入楼栋花名册</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>(not in the file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the notes row under the header was skipped</source>
        <translation>已跳过表头下的填写说明行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>How the rows match the map (nothing is changed until you import):</source>
        <translation>各行与地图的匹配情况（点击“导入”之前不会做任何修改）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind of isolation</source>
        <translation>隔离类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Days</source>
        <translation>隔离天数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persons</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assigned grid</source>
        <translation>负责网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residents</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose the column for: %1</source>
        <translation>请选择以下内容所在的列：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rosters (*.xlsx *.csv);;All files (*)</source>
        <translation>花名册 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <location filename="../../cmdmap/ui/saving.py" line="+25"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This map is open read-only. Use Save As… to keep a copy.</source>
        <translation>此作战图以只读方式打开。请用“另存为…”保存副本。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save the battle map as</source>
        <translation>作战图另存为</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GeoPackage files (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The map has changes that are not saved. Save them before closing?</source>
        <translation>作战图有尚未保存的修改。关闭前要保存吗？</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../cmdmap/ui/search.py" line="+30"/>
        <source>Search grids, compounds, buildings (3栋, 果林溪谷, W12)</source>
        <translation>搜索网格、小区、楼栋（3栋、果林溪谷、W12）</translation>
    </message>
</context>
<context>
    <name>StaffRegister</name>
    <message>
        <location filename="../../cmdmap/ui/staff_register.py" line="+108"/>
        <source>Staff register</source>
        <translation>工作人员登记</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add person…</source>
        <translation>添加人员…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Assign…</source>
        <translation>新增分工…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassign</source>
        <translation>取消分工</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Assignments of %1</source>
        <translation>%1 的分工</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a person to see what they are responsible for.</source>
        <translation>选择一名人员，查看其负责的对象。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Remove person</source>
        <translation>删除人员</translation>
    </message>
</context>
<context>
    <name>Tidy</name>
    <message>
        <location filename="../../cmdmap/ui/tidy_dialog.py" line="+77"/>
        <source>Nothing to tidy: the grids already share their corners exactly.</source>
        <translation>无需整理：各网格的角点已经完全共用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tidied %1 grids: %2 corners snapped together, %3 corners added to a neighbour&apos;s edge, %4 slivers of gap or overlap given to a neighbour. Edit → Undo puts them back.</source>
        <translation>已整理 %1 个网格：%2 个角点吸附合并，%3 个角点补到相邻网格的边上，%4 块空白或重叠碎片并入相邻网格。可用“编辑 → 撤销”还原。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left as they were (tidying would spoil their shape): %1</source>
        <translation>以下网格保持原样（整理会破坏其形状）：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 problems are left for you to fix by hand (too big to be slivers):</source>
        <translation>还剩 %1 个问题需要手工处理（面积太大，不属于碎片）：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No gaps or overlaps are left.</source>
        <translation>已没有空白或交叉重叠。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tidy grid boundaries</source>
        <translation>整理网格边界</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Tidy grid &amp;boundaries…</source>
        <translation>整理网格边界(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make imported grids share their corners exactly, so their boundaries can be edited.</source>
        <translation>让导入的网格完全共用角点，以便编辑网格边界。</translation>
    </message>
</context>
<context>
    <name>TidyDialog</name>
    <message>
        <location line="-102"/>
        <source>Tidy grid boundaries</source>
        <translation>整理网格边界</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For grids drawn in QGIS or CAD whose neighbours do not share their corners exactly. Corners closer than the snap distance become one shared corner, a corner lying on a neighbour&apos;s edge is added to that edge, and gaps or overlaps smaller than the sliver area go to the neighbour sharing the longest edge with them. One step: Undo puts the grids back.</source>
        <translation>用于在 QGIS 或 CAD 中绘制、相邻网格角点不完全重合的网格。距离小于吸附距离的角点合并为一个共用角点；落在相邻网格边上的角点补到那条边上；小于碎片面积的空白或重叠并入与它共边最长的相邻网格。整理是一步操作，撤销即可还原。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>All levels</source>
        <translation>所有层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zones</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grids</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Levels</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snap distance</source>
        <translation>吸附距离</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> m²</source>
        <translation> 平方米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sliver area up to</source>
        <translation>碎片面积上限</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refuse if a grid&apos;s area changes by more than</source>
        <translation>网格面积变化超过此比例时不整理</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tidy</source>
        <translation>整理</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <location filename="../../cmdmap/ui/tools/base.py" line="+115"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click a feature to see it; drag to move the map.</source>
        <translation>单击要素查看详情；拖动可移动地图。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drag to move the map; the wheel zooms.</source>
        <translation>拖动移动地图；滚轮缩放。</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/tools/toolbar.py" line="+51"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>S&amp;napping</source>
        <translation>捕捉(&amp;N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Points you draw snap to corners and edges of grids, compounds and buildings.</source>
        <translation>绘制的点自动吸附到网格、小区和楼栋的拐点和边线上。</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/tools/add_tools.py" line="+49"/>
        <source>Add building</source>
        <translation>新增楼栋</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click the corners of the building; double-click or Enter ends, Esc drops it.</source>
        <translation>依次点击楼栋的各个角点；双击或回车结束，Esc 放弃。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Add compound</source>
        <translation>新增小区</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click the corners of the compound&apos;s fence; double-click or Enter ends, Esc drops it.</source>
        <translation>依次点击小区围墙的各个拐点；双击或回车结束，Esc 放弃。</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Add gate</source>
        <translation>新增大门</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Press near a compound&apos;s fence and drag the way the gate faces (a click faces it straight out); Ctrl+V places it by pasted coordinates.</source>
        <translation>在小区边界附近按下并朝大门朝向拖动（单击则朝向小区外侧）；Ctrl+V 按粘贴的坐标放置。</translation>
    </message>
    <message>
        <location line="+31"/>
        <location filename="../../cmdmap/ui/tools/move_tool.py" line="+119"/>
        <source>Bearing %1°</source>
        <translation>朝向 %1°</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Add site</source>
        <translation>新增点位</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click where the sampling point, isolation hotel, hospital or checkpoint is; Ctrl+V places it by pasted coordinates.</source>
        <translation>在采样点、集中隔离点、定点医院或卡点所在位置单击；Ctrl+V 按粘贴的坐标放置。</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/tools/measure_tool.py" line="+122"/>
        <source>Measure distance</source>
        <translation>量距离</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click points along the way; double-click ends. Nothing on the map changes.</source>
        <translation>沿路线依次点击；双击结束。不会改动地图。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Distance %1</source>
        <translation>距离 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Measure area</source>
        <translation>量面积</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click round the area; double-click ends. Nothing on the map changes.</source>
        <translation>沿区域边界依次点击；双击结束。不会改动地图。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Area %1, perimeter %2</source>
        <translation>面积 %1，周长 %2</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/tools/move_tool.py" line="-35"/>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drag a building, gate, site or compound to move it (a compound takes its buildings and gates along); Shift+drag turns a gate; Esc drops the drag.</source>
        <translation>拖动楼栋、大门、点位或小区即可移动（小区连同其中的楼栋和大门一起移动）；按住 Shift 拖动大门可调整朝向；Esc 放弃拖动。</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/tools/grid_tools.py" line="+52"/>
        <source>Split grid</source>
        <translation>分割网格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click points of a line across the grid, starting and ending outside it or on its boundary; double-click or Enter splits it, Esc cancels. To split a micro-grid or a zone, select it first.</source>
        <translation>沿分割线依次点击，线的两端画在网格外或边界上；双击或按回车完成分割，Esc 取消。要分割微网格或片区，请先选中它。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Split into %1 and %2.</source>
        <translation>已分割为 %1 和 %2。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Merge %1 into %2?</source>
        <translation>把 %1 合并到 %2？</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+18"/>
        <source>Merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click a grid, then a neighbouring grid to merge into it (Shift: micro-grids); Esc starts again.</source>
        <translation>先点击一个网格，再点击要并入它的相邻网格（按住 Shift 选微网格）；Esc 重新选择。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Merged into %1.</source>
        <translation>已合并为 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Now click a neighbouring grid to merge into it.</source>
        <translation>再点击一个要并入的相邻网格。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>New grid</source>
        <translation>新建网格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Draw grid</source>
        <translation>画网格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click the corners of the new grid; double-click or Enter finishes; the new grid takes that area from the grids it covers. Esc cancels.</source>
        <translation>依次点击新网格的各个角，双击或按回车完成；新网格会从它覆盖的网格中划出这块区域。Esc 取消。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Drew %1.</source>
        <translation>已画出 %1。</translation>
    </message>
    <message>
        <location filename="../../cmdmap/ui/tools/vertex_tool.py" line="+105"/>
        <source>Edit vertices</source>
        <translation>编辑顶点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click a grid (Shift+click: a micro-grid; Ctrl+click: a compound or building), then drag a corner or an edge; double-click an edge to add a corner; Delete or right-click removes one.</source>
        <translation>点击一个网格（Shift+点击选微网格，Ctrl+点击选小区或楼栋），然后拖动顶点或边界；双击边界添加顶点；按 Delete 或右键删除顶点。</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>%1: drag a corner or an edge; double-click an edge to add a corner; Delete removes the corner under the cursor.</source>
        <translation>%1：拖动顶点或边界；双击边界添加顶点；按 Delete 删除光标处的顶点。</translation>
    </message>
</context>
<context>
    <name>TotalsDock</name>
    <message>
        <location filename="../../cmdmap/ui/totals.py" line="+27"/>
        <source>Community totals</source>
        <translation>社区总数</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Isolated residents</source>
        <translation>隔离人员</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Staff</source>
        <translation>工作力量</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
</context>
</TS>
